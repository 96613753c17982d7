import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver } from '../../../packages/engine/test/destinations/receiver.ts';
import { readRunEvents, startServer, type TestServer } from './helpers.ts';
import { appliedChanges, liveDocument, writeLiveData, type ReceivedChange } from './live-workflow.ts';
import { join } from 'node:path';

const LOOPBACK = { cidrs: ['127.0.0.1/32'] };

async function until(check: () => boolean, what: string, timeoutMs = 10_000) {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const purchase = (id: string, customer: number, at: string, amount: number) => ({ id, values: { id: customer, at, amount } });

describe('live audiences', () => {
  let server: TestServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let id: string;
  const received = () => appliedChanges(receiver.requests as never).map((c: ReceivedChange) => `${c.change} ${c.key} ${c.cause}`);

  beforeAll(async () => {
    receiver = await startReceiver();
    server = await startServer({ webhookAllowList: LOOPBACK, liveReconcileMs: 0 });
    writeLiveData(join(server.dataDir, 'datasets'));
    id = (await server.request('POST', '/api/workflows', { document: liveDocument(receiver.url) })).body.id;
  });
  afterAll(async () => {
    await server.close();
    await receiver.close();
  });

  it('is marked real-time only once published, and refuses events before', async () => {
    expect((await server.request('POST', '/api/events', { events: [purchase('e0', 1, '2024-06-01T00:00:00Z', 1)] })).body.error.code).toBe('not_live');
    const early = await server.request('PUT', `/api/workflows/${id}/live`, { enabled: true });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toBe('"Big gold spenders" has no published version: publish it before it can keep a live audience.');
    expect((await server.request('POST', `/api/workflows/${id}/publish`, {})).status).toBe(201);
    const on = await server.request('PUT', `/api/workflows/${id}/live`, { enabled: true });
    expect(on.status).toBe(200);
    expect(on.body).toMatchObject({ enabled: true, version: 1, customers: 0, members: {}, pendingDeliveries: 0, lastReconcile: null });
  });

  it('answers 422 naming every value of the wrong type or unknown column', async () => {
    const bad = await server.request('POST', '/api/events', {
      profiles: [{ id: 'seven', tier: 'gold' }],
      events: [{ id: 'e1', values: { id: 7, at: 'yesterday', amount: 5, colour: 'red' } }, { id: 'e2', values: { at: '2024-06-01T00:00:00Z' } }],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.problems).toEqual([
      { field: 'profiles[0].id', message: '"id" must be a whole number or null.' },
      { field: 'profiles[0].id', message: 'The profile needs its key "id".' },
      { field: 'events[0].values.at', message: '"at" must be a time like "2024-06-30T12:00:00Z" or null.' },
      { field: 'events[0].values.colour', message: 'There is no column "colour" here.' },
      { field: 'events[1].values.id', message: 'The event needs the customer\'s key "id".' },
    ]);
  });

  it('enters and exits customers as events and profiles arrive; a repeated event id changes nothing', async () => {
    const first = await server.request('POST', '/api/events', {
      profiles: [{ id: 1001, tier: 'gold' }],
      events: [purchase('p1', 1001, '2024-06-25T12:00:00Z', 60), purchase('p2', 1001, '2024-06-26T12:00:00Z', 60)],
    });
    expect(first.body).toEqual({ accepted: 2, duplicates: 0, profiles: 1, workflows: [id], changes: 1 });
    const again = await server.request('POST', '/api/events', { events: [purchase('p1', 1001, '2024-06-25T12:00:00Z', 60)] });
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 1, changes: 0 });
    // Outside the 30 days: stored or not, it changes nothing.
    expect((await server.request('POST', '/api/events', { events: [purchase('p3', 1002, '2024-01-01T00:00:00Z', 999)], profiles: [{ id: 1002, tier: 'gold' }] })).body.changes).toBe(0);
    expect((await server.request('POST', '/api/events', { profiles: [{ id: 1001, tier: 'silver' }] })).body.changes).toBe(1);
    await until(() => received().length === 2, 'two deliveries');
    expect(received()).toEqual(['enter 1001 event:p2', 'exit 1001 profile']);
    expect(receiver.requests[0].headers['idempotency-key']).toMatch(new RegExp(`^live:${id}:out_hook:1-1$`));
  });

  it('starts a customer it has not seen from the workflow’s own sources', async () => {
    // Customer 5 is gold and spent 900 in March: one more purchase in June makes them a member.
    const res = await server.request('POST', '/api/events', { events: [purchase('p5', 5, '2024-06-29T08:00:00Z', 101)] });
    expect(res.body.changes).toBe(1);
    await until(() => received().length === 3, 'the third delivery');
    expect(received()[2]).toBe('enter 5 event:p5');
  });

  it('streams every enter and exit, from Last-Event-ID', async () => {
    const all = await readRunEvents(`${server.url}/api/workflows/${id}/membership/stream`, { stopAfter: 3 });
    expect(all.status).toBe(200);
    expect(all.events.map((e: any) => `${e.change} ${e.key}`)).toEqual(['enter 1001', 'exit 1001', 'enter 5']);
    const later = await readRunEvents(`${server.url}/api/workflows/${id}/membership/stream`, { lastEventId: all.ids[1], stopAfter: 1 });
    expect(later.events).toMatchObject([{ seq: all.ids[2], key: 5, change: 'enter', segment: 'big_gold', row: { id: 5, tier: 'gold' } }]);
  });

  it('reconciles with a batch computation of the same version: counts the differences, then fixes them', async () => {
    const res = await server.request('POST', `/api/workflows/${id}/reconcile`);
    expect(res.status).toBe(200);
    // Batch: 1 (80+40) and 3 (150); 5's June purchase exists only live. Live: 5.
    expect(res.body).toMatchObject({ version: 1, trigger: 'request', fixed: 3, segments: [{ segment: 'big_gold', batch: 2, live: 1, missing: 2, extra: 1 }] });
    await until(() => received().length === 6, 'the reconcile’s deliveries');
    expect(received().slice(3).sort()).toEqual(['enter 1 reconcile', 'enter 3 reconcile', 'exit 5 reconcile']);
    const status = await server.request('GET', `/api/workflows/${id}/live`);
    expect(status.body).toMatchObject({ enabled: true, members: { big_gold: 2 }, pendingDeliveries: 0, lastReconcile: { fixed: 3 } });
    expect((await server.request('POST', `/api/workflows/${id}/reconcile`)).body.fixed).toBe(0);
  });

  it('takes events from an API token of the evaluator role; a viewer may not reconcile', async () => {
    const evaluator = await server.withRole('evaluator');
    const token = await evaluator.request('POST', '/api/tokens', { name: 'site' });
    const site = await fetch(`${server.url}/api/events`, {
      method: 'POST', headers: { authorization: `Bearer ${token.body.secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events: [purchase('t1', 3, '2024-06-29T10:00:00Z', 1)] }),
    });
    expect(site.status).toBe(200);
    const viewer = await server.withRole('viewer');
    expect((await viewer.request('POST', `/api/workflows/${id}/reconcile`)).status).toBe(403);
  });
});
