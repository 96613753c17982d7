import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startReceiver } from '../../../packages/engine/test/destinations/receiver.ts';
import { startServer, waitForRun, type TestServer } from './helpers.ts';

const LOOPBACK = { cidrs: ['127.0.0.1/32'] };
let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const done of cleanup.reverse()) await done();
  cleanup = [];
});

type Customer = { id: number; tier: string };
const TIERS = ['gold', 'silver', 'bronze'];
/** Seeded customers; the segment is tier = gold. */
function customers(seed: number, ids: number[]): Customer[] {
  let s = seed;
  const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0);
  return ids.map((id) => ({ id, tier: TIERS[next() % 3] }));
}
const write = (server: TestServer, rows: Customer[]) =>
  writeFileSync(join(server.dataDir, 'datasets', 'tiers.csv'), `id,tier\n${rows.map((r) => `${r.id},${r.tier}`).join('\n')}\n`);
/** The independent computation of the segment: straight from the rows written. */
const gold = (rows: Customer[]) => new Set(rows.filter((r) => r.tier === 'gold').map((r) => String(r.id)));
const minus = (a: Set<string>, b: Set<string>) => [...a].filter((k) => !b.has(k)).sort();

const document = (url: string) => ({
  schemaVersion: 1,
  name: 'Gold changes',
  run: { mode: 'parallel', partitions: 2, asOf: '2024-01-01' },
  nodes: [
    { id: 'customers', kind: 'source', config: { format: 'csv', path: 'tiers.csv', key: 'id' } },
    { id: 'gold', kind: 'filter', config: { condition: { combinator: 'and', rules: [{ field: 'tier', operator: '=', value: 'gold' }] } } },
    { id: 'out_hook', kind: 'output', config: { segment: 'gold', destination: { type: 'webhook', url, batchSize: 64, delivery: 'changes' } } },
  ],
  edges: [{ source: 'customers', target: 'gold' }, { source: 'gold', target: 'out_hook' }],
});

describe('change-only delivery through the server', () => {
  it('two published runs with data changed in between deliver exactly the set difference; membership history and per-run counts; snapshots follow run retention', async () => {
    const receiver = await startReceiver();
    cleanup.push(receiver.close);
    const server = await startServer({ webhookAllowList: LOOPBACK, retainRuns: 2 });
    cleanup.push(server.close);
    const first = customers(11, Array.from({ length: 2000 }, (_, i) => i + 1));
    write(server, first);
    const { body: created } = await server.request('POST', '/api/workflows', { document: document(receiver.url) });
    expect((await server.request('POST', `/api/workflows/${created.id}/publish`, {})).status).toBe(201);
    const run = async () => {
      const started = await server.request('POST', `/api/workflows/${created.id}/runs`, { version: 1 });
      expect(started.status).toBe(202);
      const done = await waitForRun(server, started.body.runId);
      expect(done.status).toBe('succeeded');
      return done;
    };
    const received = (runId: string) => {
      const batches = [...receiver.changes].filter(([key]) => key.startsWith(`${runId}:out_hook:`)).map(([, c]) => c);
      return { entered: batches.flatMap((b) => b.entered.map((r) => String(r.id))).sort(), exited: batches.flatMap((b) => b.exited.map(String)).sort() };
    };

    const r1 = await run();
    const a = gold(first);
    expect(received(r1.id)).toEqual({ entered: [...a].sort(), exited: [] });
    expect(r1.segments.gold).toMatchObject({ count: a.size, entered: a.size, exited: 0 });

    const second = [...customers(12, Array.from({ length: 900 }, (_, i) => i + 101)), ...first.slice(1000), ...customers(13, Array.from({ length: 300 }, (_, i) => i + 2001))];
    write(server, second);
    const b = gold(second);
    const r2 = await run();
    const expected = { entered: minus(b, a), exited: minus(a, b) };
    expect(expected.entered.length).toBeGreaterThan(50);
    expect(expected.exited.length).toBeGreaterThan(50);
    expect(received(r2.id)).toEqual(expected);
    expect(r2.segments.gold).toMatchObject({ count: b.size, entered: expected.entered.length, exited: expected.exited.length });

    // Membership history: a customer who entered in run 2, one who left in it, one there throughout.
    const history = async (key: string) => (await server.request('GET', `/api/workflows/${created.id}/members/${key}`)).body.segments[0];
    const stayed = [...a].find((k) => b.has(k))!;
    expect(await history(expected.entered[0])).toMatchObject({ segment: 'gold', member: true, events: [{ runId: r2.id, change: 'entered' }] });
    expect(await history(expected.exited[0])).toMatchObject({ member: false, events: [{ runId: r1.id, change: 'entered' }, { runId: r2.id, change: 'exited' }] });
    expect(await history(stayed)).toMatchObject({ member: true, events: [{ runId: r1.id, change: 'entered' }], runs: 2 });
    // The history panel's runs carry each segment's entered and exited counts.
    const panel = (await server.request('GET', `/api/workflows/${created.id}/history`)).body;
    expect(panel.runs.map((r: { changes: unknown }) => r.changes)).toEqual([
      { gold: { entered: a.size, exited: 0 } },
      { gold: { entered: expected.entered.length, exited: expected.exited.length } },
    ]);

    // Kept under the data folder, zstd Parquet; with two runs retained, a third run's end prunes the first's snapshot.
    const r3 = await run();
    expect(received(r3.id)).toEqual({ entered: [], exited: [] });
    const folder = join(server.dataDir, 'snapshots', created.id);
    // Pruning follows the run's end, which waitForRun may see first.
    for (let i = 0; i < 50 && readdirSync(folder).length > 2; i++) await new Promise((r) => setTimeout(r, 50));
    expect(readdirSync(folder).sort()).toEqual([r2.id, r3.id].sort());
    expect(existsSync(join(folder, r3.id, 'out_hook.parquet'))).toBe(true);
  }, 60_000);
});

describe('the last delivered snapshot outlives run retention', () => {
  it('a failed delivery after the base run was pruned still diffs against it: the next run sends exactly the difference', async () => {
    let refuse = false;
    const receiver = await startReceiver(() => (refuse ? { status: 400, body: 'no' } : 'ok'));
    cleanup.push(receiver.close);
    const server = await startServer({ webhookAllowList: LOOPBACK, retainRuns: 1 });
    cleanup.push(server.close);
    const first = customers(41, Array.from({ length: 900 }, (_, i) => i + 1));
    write(server, first);
    const { body: created } = await server.request('POST', '/api/workflows', { document: document(receiver.url) });
    expect((await server.request('POST', `/api/workflows/${created.id}/publish`, {})).status).toBe(201);
    const run = async () => waitForRun(server, (await server.request('POST', `/api/workflows/${created.id}/runs`, { version: 1 })).body.runId);
    const r1 = await run();
    expect(r1.status).toBe('succeeded');
    const second = [...customers(42, Array.from({ length: 300 }, (_, i) => i + 1)), ...first.slice(300)];
    write(server, second);
    refuse = true;
    expect((await run()).status).toBe('failed');
    refuse = false;
    const folder = join(server.dataDir, 'snapshots', created.id);
    expect(readdirSync(folder)).toContain(r1.id);
    const r3 = await run();
    expect(r3.status).toBe('succeeded');
    const batches = [...receiver.changes].filter(([key]) => key.startsWith(`${r3.id}:`)).map(([, c]) => c);
    const a = gold(first);
    const b = gold(second);
    expect(batches.flatMap((c) => c.entered.map((r) => String(r.id))).sort()).toEqual(minus(b, a));
    expect(batches.flatMap((c) => c.exited.map(String)).sort()).toEqual(minus(a, b));
    // Once r3 is the base, r1's snapshot goes.
    for (let i = 0; i < 50 && readdirSync(folder).includes(r1.id); i++) await new Promise((r) => setTimeout(r, 50));
    expect(readdirSync(folder)).not.toContain(r1.id);
  }, 60_000);
});

describe('suppression lists through the server', () => {
  it('an admin marks a dataset (audited); published outputs then leave its keys out and say how many; the list cannot be deleted while marked', async () => {
    const receiver = await startReceiver();
    cleanup.push(receiver.close);
    const server = await startServer({ webhookAllowList: LOOPBACK });
    cleanup.push(server.close);
    const rows = customers(21, Array.from({ length: 600 }, (_, i) => i + 1));
    write(server, rows);
    const segment = gold(rows);
    const [s1, s2, old] = [...segment];
    writeFileSync(join(server.dataDir, 'datasets', 'optouts.csv'), `customer,why,until\n${s1},asked,\n${s2},complaint,2999-01-01\n${old},asked,2020-01-01\n`);

    const editor = await server.withRole('editor');
    expect((await editor.request('PUT', '/api/suppression-lists/optouts.csv', { key: 'customer' })).status).toBe(403);
    expect((await server.request('PUT', '/api/suppression-lists/optouts.csv', { key: 'nope' })).status).toBe(400);
    const marked = await server.request('PUT', '/api/suppression-lists/optouts.csv', { key: 'customer', reason: 'why', expires: 'until' });
    expect(marked.status).toBe(200);
    expect((await editor.request('GET', '/api/suppression-lists')).body.lists).toEqual([expect.objectContaining({ dataset: 'optouts.csv', key: 'customer', reason: 'why', expires: 'until' })]);
    expect((await server.request('GET', '/api/audit')).body.entries).toContainEqual(expect.objectContaining({ action: 'suppression.mark', target: 'optouts.csv' }));
    expect((await server.request('DELETE', '/api/datasets/optouts.csv')).status).toBe(409);

    const doc = document(receiver.url);
    doc.nodes.push({ id: 'out_file', kind: 'output', config: { segment: 'gold_file', destination: { type: 'csv', path: 'gold.csv' } } } as never);
    doc.edges.push({ source: 'gold', target: 'out_file' });
    delete (doc.nodes[2].config.destination as Record<string, unknown>).delivery;
    const { body: created } = await server.request('POST', '/api/workflows', { document: doc });
    expect((await server.request('POST', `/api/workflows/${created.id}/publish`, {})).status).toBe(201);
    const started = await server.request('POST', `/api/workflows/${created.id}/runs`, { version: 1 });
    const run = await waitForRun(server, started.body.runId);
    expect(run.status).toBe('succeeded');
    const want = [...segment].filter((k) => k !== s1 && k !== s2).sort();
    expect([...receiver.applied].filter(([k]) => k.startsWith(`${run.id}:`)).flatMap(([, r]) => r.map((x) => String(x.id))).sort()).toEqual(want);
    const file = await server.request('GET', `/api/runs/${run.id}/segments/gold_file.csv`);
    expect(String(file.body).trim().split('\n').slice(1).map((l) => l.split(',')[0]).sort()).toEqual(want);
    expect(run.segments.gold).toMatchObject({ count: want.length, suppressed: 2 });
    expect(run.segments.gold_file).toMatchObject({ count: want.length, suppressed: 2 });

    expect((await server.request('DELETE', '/api/suppression-lists/optouts.csv')).status).toBe(204);
    expect((await server.request('GET', '/api/audit')).body.entries).toContainEqual(expect.objectContaining({ action: 'suppression.unmark', target: 'optouts.csv' }));
  }, 60_000);
});

describe('dry run', () => {
  it('computes the next delivery (entered, exited, unchanged, samples, size against the range) and sends nothing', async () => {
    const receiver = await startReceiver();
    cleanup.push(receiver.close);
    const server = await startServer({ webhookAllowList: LOOPBACK });
    cleanup.push(server.close);
    const first = customers(31, Array.from({ length: 800 }, (_, i) => i + 1));
    write(server, first);
    const doc = document(receiver.url);
    (doc.nodes[2].config as Record<string, unknown>).expect = { min: 1, max: 100 };
    const { body: created } = await server.request('POST', '/api/workflows', { document: doc });
    expect((await server.request('POST', `/api/workflows/${created.id}/publish`, {})).status).toBe(201);

    // Before any delivery everyone would enter.
    const before = await server.request('POST', `/api/workflows/${created.id}/dry-run`, { version: 1 });
    expect(before.status).toBe(200);
    const a = gold(first);
    expect(before.body.segments[0]).toMatchObject({ segment: 'gold', count: a.size, entered: a.size, exited: 0, unchanged: 0, baseRunId: null });
    expect(receiver.requests).toHaveLength(0);

    const started = await server.request('POST', `/api/workflows/${created.id}/runs`, { version: 1 });
    const r1 = await waitForRun(server, started.body.runId);
    const sent = receiver.requests.length;
    const second = [...customers(32, Array.from({ length: 400 }, (_, i) => i + 1)), ...first.slice(400)];
    write(server, second);
    const b = gold(second);
    const dry = (await server.request('POST', `/api/workflows/${created.id}/dry-run`, {})).body.segments[0];
    const entered = minus(b, a);
    const exited = minus(a, b);
    expect(dry).toMatchObject({ count: b.size, entered: entered.length, exited: exited.length, unchanged: b.size - entered.length, baseRunId: r1.id, previousCount: a.size });
    expect(dry.outsideExpected).toMatch(/above the expected 1–100/);
    for (const k of dry.samples.entered) expect(entered).toContain(k);
    for (const k of dry.samples.exited) expect(exited).toContain(k);
    for (const k of dry.samples.unchanged) expect(a.has(k) && b.has(k)).toBe(true);
    expect(dry.samples.entered).toHaveLength(5);
    expect(receiver.requests).toHaveLength(sent);
    expect((await server.request('POST', `/api/workflows/${created.id}/dry-run`, {}, {})).status).toBe(200);
    const viewer = await server.withRole('viewer');
    expect((await viewer.request('POST', `/api/workflows/${created.id}/dry-run`, {})).status).toBe(403);
  }, 60_000);
});
