import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, example, startServer, waitForRun, WINBACK_AS_OF, type TestServer } from './helpers.ts';

/** Winback with a rank of spend: ranks need the cut points of a finished run. */
function winbackWithRank() {
  const doc = example('winback.json');
  doc.nodes.push({ id: 'top', kind: 'rank', label: 'Spend rank', config: { as: 'spend_rank', fn: 'percent_rank', by: 'spend', descending: true } });
  doc.nodes.push({ id: 'best', kind: 'filter', label: 'Top spenders', config: { condition: { combinator: 'and', rules: [{ field: 'spend_rank', operator: '<=', value: 0.1 }] } } });
  doc.nodes.push({ id: 'out_best', kind: 'output', config: { segment: 'best', destination: { type: 'csv', path: 'out/best.csv' } } });
  doc.edges.push({ source: 'l', target: 'top' }, { source: 'top', target: 'best' }, { source: 'best', target: 'out_best' });
  return doc;
}

const loyal = {
  profile: { customer_id: 424242, first_order_date: '2021-01-01', cohort_month: '2021-01' },
  events: Array.from({ length: 6 }, (_, i) => ({ order_date: `2021-0${i + 1}-10`, quantity: 1, amount: 20 })),
};

describe('evaluating one customer against a published version', () => {
  let server: TestServer;
  let id: string;
  beforeAll(async () => {
    server = await startServer();
    id = (await server.request('POST', '/api/workflows', { document: winbackWithRank() })).body.id;
  });
  afterAll(() => server.close());

  it('answers 404 before anything is published', async () => {
    expect((await server.request('POST', `/api/workflows/${id}/evaluate`, { ...loyal, asOf: WINBACK_AS_OF })).status).toBe(404);
  });

  it('gives membership per segment and node; ranks are null with no run, then known after one', async () => {
    expect((await server.request('POST', `/api/workflows/${id}/publish`, {})).status).toBe(201);
    const before = await server.request('POST', `/api/workflows/${id}/evaluate`, { ...loyal, asOf: WINBACK_AS_OF });
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ version: 1, segments: { winback: true, best: null }, nodes: { loyal: true, big: false, recent: false, x: true, top: null } });

    const started = await server.request('POST', `/api/workflows/${id}/runs`, { asOf: WINBACK_AS_OF, version: 1, mode: 'sequential' });
    expect((await waitForRun(server, started.body.runId)).status).toBe('succeeded');
    const after = await server.request('POST', `/api/workflows/${id}/evaluate`, { ...loyal, asOf: WINBACK_AS_OF });
    expect(after.body.segments).toEqual({ winback: true, best: expect.any(Boolean) });
    expect(after.body.nodes.top).toBe(true);
  });

  it('evaluates many customers in one call, and refuses wrong types and unknown columns with 422', async () => {
    const quiet = { profile: { customer_id: 7 }, events: [] };
    const many = await server.request('POST', `/api/workflows/${id}/evaluate`, { items: [loyal, quiet], asOf: WINBACK_AS_OF });
    expect(many.status).toBe(200);
    expect(many.body.items.map((r: { segments: { winback: boolean } }) => r.segments.winback)).toEqual([true, false]);
    const bad = await server.request('POST', `/api/workflows/${id}/evaluate`, { profile: { customer_id: 'x7', shoe_size: 42 }, events: [{ amount: '12' }] });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ field: 'profile.customer_id' }),
      expect.objectContaining({ field: 'profile.shoe_size', message: 'There is no column "shoe_size" here.' }),
      expect.objectContaining({ field: 'events[0].amount' }),
    ]));
    const tooMany = await server.request('POST', `/api/workflows/${id}/evaluate`, { items: Array.from({ length: 1001 }, () => quiet) });
    expect(tooMany.status).toBe(400);
  });

  it('explains every node with each rule’s value and outcome in words', async () => {
    const res = await server.request('POST', `/api/workflows/${id}/explain`, { ...loyal, asOf: WINBACK_AS_OF });
    expect(res.status).toBe(200);
    expect(res.body.nodes.loyal).toMatchObject({ in: true, rules: [{ passed: true, value: 6, text: 'n_orders is 6; needs at least 5' }] });
    expect(res.body.nodes.big).toMatchObject({ in: false, rules: [{ passed: false, value: 120, text: 'spend is 120; needs more than 300' }] });
  });

  it('explains a customer of the workflow’s own data by key, as the last run placed them', async () => {
    const runs = (await server.request('GET', `/api/workflows/${id}/runs`)).body.runs;
    const segment = await server.request('GET', `/api/runs/${runs[0].id}/segments/winback.csv`);
    const member = Number((segment.body as string).trim().split('\n')[1].split(',')[0]);
    const inside = await server.request('POST', `/api/workflows/${id}/explain`, { key: member, asOf: WINBACK_AS_OF });
    expect(inside.status).toBe(200);
    expect(inside.body.segments.winback).toBe(true);
    expect(inside.body.nodes.top).toMatchObject({ label: 'Spend rank', kind: 'rank', in: true });
    const unknown = await server.request('POST', `/api/workflows/${id}/explain`, { key: 99_999_999, asOf: WINBACK_AS_OF });
    expect(unknown.status).toBe(404);
    // Typed as text, a number key finds the customer; text that is no number (an email pasted in) finds nobody, without an error.
    expect((await server.request('POST', `/api/workflows/${id}/explain`, { key: ` ${member}`, asOf: WINBACK_AS_OF })).body.segments?.winback).toBe(true);
    const text = await server.request('POST', `/api/workflows/${id}/explain`, { key: 'ann@example.com', asOf: WINBACK_AS_OF });
    expect(text.status).toBe(404);
    expect(text.body.error.message).toBe('No customer with the key "ann@example.com" is in this workflow\'s data.');
  });

  it('looks values up in the table a lookup reads, loaded once', async () => {
    const doc = {
      schemaVersion: 1, name: 'cohort check',
      nodes: [
        { id: 'people', kind: 'source', config: { format: 'csv', path: 'cdnow_customers.csv', key: 'customer_id' } },
        { id: 'cohorts', kind: 'source', config: { format: 'csv', path: 'cdnow_customers.csv', key: 'customer_id' } },
        { id: 'look', kind: 'lookup', config: { fields: ['cohort_month'], conflict: 'keep_lookup' } },
        { id: 'january', kind: 'filter', config: { condition: { combinator: 'and', rules: [{ field: 'cohort_month', operator: '=', value: '2021-01' }] } } },
        { id: 'out', kind: 'output', config: { segment: 'january', destination: { type: 'csv', path: 'out/january.csv' } } },
      ],
      edges: [
        { source: 'people', target: 'look' }, { source: 'cohorts', target: 'look', targetPort: 'lookup' },
        { source: 'look', target: 'january' }, { source: 'january', target: 'out' },
      ],
    };
    const wf = (await server.request('POST', '/api/workflows', { document: doc })).body.id;
    expect((await server.request('POST', `/api/workflows/${wf}/publish`, {})).status).toBe(201);
    const say = (customer_id: number) => server.request('POST', `/api/workflows/${wf}/evaluate`, { profile: { customer_id, cohort_month: '1999-12' } });
    // The profile says 1999-12; the table says customer 1 came in 2021-01, and knows no customer 99999999.
    expect((await say(1)).body.segments).toEqual({ january: true });
    expect((await say(99_999_999)).body.segments).toEqual({ january: false });
  });

  it('lets an evaluator’s API token evaluate, and nothing else', async () => {
    const evaluator = await server.withRole('evaluator');
    const { secret } = (await evaluator.request('POST', '/api/tokens', { name: 'site' })).body;
    const site = client(server.url, { authorization: `Bearer ${secret}` });
    const res = await site.request('POST', `/api/workflows/${id}/evaluate`, { ...loyal, asOf: WINBACK_AS_OF });
    expect(res.status).toBe(200);
    expect(res.body.segments.winback).toBe(true);
    expect((await site.request('GET', `/api/workflows/${id}`)).status).toBe(403);
    expect((await site.request('POST', `/api/workflows/${id}/explain`, loyal)).status).toBe(403);
  });
});
