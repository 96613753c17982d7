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
  it('two published runs with data changed in between deliver exactly the set difference; snapshots follow run retention but keep the base', async () => {
    const receiver = await startReceiver();
    cleanup.push(receiver.close);
    const server = await startServer({ webhookAllowList: LOOPBACK, retainRuns: 1 });
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

    // Kept under the data folder, zstd Parquet; with one run retained only the last delivered run's snapshot stays.
    const folder = join(server.dataDir, 'snapshots', created.id);
    for (let i = 0; i < 50 && readdirSync(folder).length > 1; i++) await new Promise((r) => setTimeout(r, 50));
    expect(readdirSync(folder)).toEqual([r2.id]);
    expect(existsSync(join(folder, r2.id, 'out_hook.parquet'))).toBe(true);
  }, 60_000);
});
