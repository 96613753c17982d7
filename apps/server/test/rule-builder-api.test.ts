import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { example, startServer, WINBACK_AS_OF, type TestServer } from './helpers.ts';

/** The winback example with a second rule on "big": spend over 900 and at least 3 orders. */
function withTwoRules(document: any) {
  const copy = structuredClone(document);
  copy.nodes.find((n: { id: string }) => n.id === 'big').config.condition.rules.push({ field: 'n_orders', operator: '>=', value: 3 });
  return copy;
}

describe('value suggestions and per-rule counts', () => {
  let server: TestServer;
  let id: string;
  const winback = example('winback.json');

  beforeAll(async () => {
    server = await startServer();
    id = (await server.request('POST', '/api/workflows', { document: winback })).body.id;
  });
  afterAll(() => server.close());

  it('gives the top values of a column at a node, with min, median and max for numbers', async () => {
    const { status, body } = await server.request('POST', `/api/workflows/${id}/preview/s/values`, { asOf: WINBACK_AS_OF, column: 'n_orders' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ column: 'n_orders', type: 'integer', rows: 23544, min: 1 });
    expect(body.top[0].count).toBeGreaterThanOrEqual(body.top[1].count);
    expect(body.top.reduce((sum: number, t: { count: number }) => sum + t.count, 0)).toBeLessThanOrEqual(23544);
    expect(body.median).toBeGreaterThanOrEqual(body.min);
    expect(body.max).toBeGreaterThanOrEqual(body.median);
  });

  it('answers 404 for a column that is not at the node', async () => {
    const { status, body } = await server.request('POST', `/api/workflows/${id}/preview/customers/values`, { asOf: WINBACK_AS_OF, column: 'spend' });
    expect(status).toBe(404);
    expect(body.error.message).toContain('spend');
  });

  it('counts each rule of a filter alone and what remains after it, for unsaved edits too', async () => {
    const document = withTwoRules(winback);
    const { status, body } = await server.request('POST', `/api/workflows/${id}/preview/big/rule-counts`, { asOf: WINBACK_AS_OF, document });
    expect(status).toBe(200);
    const preview = await server.request('POST', `/api/workflows/${id}/preview`, { asOf: WINBACK_AS_OF, document });
    const single = await server.request('POST', `/api/workflows/${id}/preview`, { asOf: WINBACK_AS_OF });
    expect(body.input).toBe(23544);
    expect(body.rules).toHaveLength(2);
    expect(body.rules[0]).toMatchObject({ index: 0, alone: single.body.counts.big.rows, remaining: single.body.counts.big.rows });
    expect(body.rules[1].remaining).toBe(preview.body.counts.big.rows);
    expect(body.rules[1].alone).toBeGreaterThan(body.rules[1].remaining);
  });

  it('answers 404 for a step that is not a filter, and 400 for a missing column name', async () => {
    expect((await server.request('POST', `/api/workflows/${id}/preview/customers/rule-counts`, {})).status).toBe(404);
    expect((await server.request('POST', `/api/workflows/${id}/preview/s/values`, {})).status).toBe(400);
  });
});
