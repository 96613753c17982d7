import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENDPOINTS } from '@segflow/contract';
import { example, startServer, WINBACK_AS_OF, type TestServer } from './helpers.ts';

type Region = { sets: number[]; count: number };
/** The answer as the contract describes it, with no field it does not name. */
const conforms = (key: 'POST /api/workflows/:id/preview/:nodeId/breakdown' | 'POST /api/workflows/:id/preview/overlap', body: unknown) =>
  expect(ENDPOINTS[key].responses[200].parse(body)).toEqual(body);
const sum = (regions: Region[], keep: (r: Region) => boolean) => regions.filter(keep).reduce((total, r) => total + r.count, 0);

describe('insight on a draft’s steps', () => {
  let server: TestServer;
  let id: string;
  let counts: Record<string, { rows: number }>;
  const winback = example('winback.json');

  beforeAll(async () => {
    server = await startServer();
    id = (await server.request('POST', '/api/workflows', { document: winback })).body.id;
    counts = (await server.request('POST', `/api/workflows/${id}/preview`, { asOf: WINBACK_AS_OF })).body.counts;
  });
  afterAll(() => server.close());

  it('breaks a step’s customers down by a number column into a histogram holding all of them', async () => {
    const { status, body } = await server.request('POST', `/api/workflows/${id}/preview/big/breakdown`, { asOf: WINBACK_AS_OF, column: 'spend' });
    expect(status).toBe(200);
    conforms('POST /api/workflows/:id/preview/:nodeId/breakdown', body);
    expect(body).toMatchObject({ kind: 'histogram', column: 'spend', type: 'number', rows: counts.big.rows });
    expect(body.bins.reduce((total: number, b: { count: number }) => total + b.count, 0)).toBe(body.rows - body.empty);
  });

  it('lists the most frequent values of a text column, for unsaved edits too', async () => {
    const document = structuredClone(winback);
    document.nodes.find((n: { id: string }) => n.id === 'loyal').config.condition.rules[0].value = 10;
    const edited = (await server.request('POST', `/api/workflows/${id}/preview`, { asOf: WINBACK_AS_OF, document })).body.counts.loyal.rows;
    const { status, body } = await server.request('POST', `/api/workflows/${id}/preview/loyal/breakdown`, { asOf: WINBACK_AS_OF, column: 'cohort_month', document });
    expect(status).toBe(200);
    conforms('POST /api/workflows/:id/preview/:nodeId/breakdown', body);
    expect(body.kind).toBe('values');
    expect(body.rows).toBe(edited);
    expect(edited).toBeLessThan(counts.loyal.rows);
    expect(sum(body.values, () => true) + body.others + body.empty).toBe(edited);
  });

  it('counts every region of three steps, naming each step', async () => {
    const { status, body } = await server.request('POST', `/api/workflows/${id}/preview/overlap`, { asOf: WINBACK_AS_OF, nodes: ['loyal', 'big', 'recent'] });
    expect(status).toBe(200);
    conforms('POST /api/workflows/:id/preview/overlap', body);
    expect(body.nodes.map((n: { id: string; size: number }) => [n.id, n.size])).toEqual([['loyal', counts.loyal.rows], ['big', counts.big.rows], ['recent', counts.recent.rows]]);
    expect(body.nodes[0].label).toBe('Filter');
    expect(body.regions).toHaveLength(7);
    // Union u is loyal ∪ big; the exclusion x is that union without the recent ones.
    expect(sum(body.regions, (r) => r.sets.includes(0) || r.sets.includes(1))).toBe(counts.u.rows);
    expect(sum(body.regions, (r) => (r.sets.includes(0) || r.sets.includes(1)) && !r.sets.includes(2))).toBe(counts.x.rows);
  });

  it('refuses events, a lone step, unknown steps and unknown columns in words', async () => {
    const events = await server.request('POST', `/api/workflows/${id}/preview/overlap`, { asOf: WINBACK_AS_OF, nodes: ['orders', 'big'] });
    expect(events.status).toBe(422);
    expect(events.body.error.message).toContain('holds events, not customers');
    expect((await server.request('POST', `/api/workflows/${id}/preview/overlap`, { nodes: ['big'] })).status).toBe(400);
    expect((await server.request('POST', `/api/workflows/${id}/preview/overlap`, { nodes: ['big', 'big'] })).status).toBe(400);
    expect((await server.request('POST', `/api/workflows/${id}/preview/overlap`, { nodes: ['big', 'nope'] })).status).toBe(404);
    const column = await server.request('POST', `/api/workflows/${id}/preview/big/breakdown`, { asOf: WINBACK_AS_OF, column: 'nope"; DROP TABLE x; --' });
    expect(column.status).toBe(404);
    expect(column.body.error.message).toContain('nope"; DROP TABLE x; --');
  });

  it('says which step cannot be computed', async () => {
    const document = structuredClone(winback);
    document.nodes.find((n: { id: string }) => n.id === 'recent').config.condition.rules[0].field = 'missing';
    const { status, body } = await server.request('POST', `/api/workflows/${id}/preview/overlap`, { asOf: WINBACK_AS_OF, document, nodes: ['big', 'recent'] });
    expect(status).toBe(422);
    expect(body.error.message).toBe('“Filter” cannot be computed yet: fix its problems first.');
  });
});
