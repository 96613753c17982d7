import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWorkflow } from '../../src/duckdb/run-workflow.ts';
import { memoryLedger } from '../../src/destinations/ledger.ts';
import { memorySnapshots } from '../../src/destinations/membership.ts';
import { tempDir } from '../run-helpers.ts';
import { startPostgres } from './postgres-cluster.ts';
import { startReceiver, type Receiver, type ReceiverAction } from './receiver.ts';

let cluster: ReturnType<typeof startPostgres>;
let db: pg.Client;
let receiver: Receiver;
let answer: (batch: number) => ReceiverAction = () => 'ok';

beforeAll(async () => {
  cluster = startPostgres();
  db = new pg.Client({ connectionString: cluster.url });
  await db.connect();
  receiver = await startReceiver((r) => answer(r.batch));
}, 600_000);

afterAll(async () => {
  await db?.end();
  await receiver?.close();
  cluster?.stop();
});

/** Seeded customers: id, score 0..99; the segment is score >= 50. */
function customers(seed: number, ids: number[]): { id: number; score: number }[] {
  let s = seed;
  const next = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) % 100);
  return ids.map((id) => ({ id, score: next() }));
}
const csv = (rows: { id: number; score: number }[]) => `id,score\n${rows.map((r) => `${r.id},${r.score}`).join('\n')}\n`;
/** The independent computation: the segment's keys straight from the rows written. */
const members = (rows: { id: number; score: number }[]) => new Set(rows.filter((r) => r.score >= 50).map((r) => String(r.id)));
const minus = (a: Set<string>, b: Set<string>) => [...a].filter((k) => !b.has(k)).sort();

const document = (url: string, connection: string, table: string) => {
  const out = (id: string, segment: string, destination: Record<string, unknown>) => ({ id, kind: 'output', config: { segment, destination: { ...destination, delivery: 'changes' } } });
  return {
    schemaVersion: 1,
    name: 'changes',
    run: { mode: 'sequential', asOf: '2024-01-01' },
    nodes: [
      { id: 'customers', kind: 'source', config: { format: 'csv', path: 'customers.csv', key: 'id' } },
      { id: 'high', kind: 'filter', config: { condition: { combinator: 'and', rules: [{ field: 'score', operator: '>=', value: 50 }] } } },
      out('out_hook', 'high_hook', { type: 'webhook', url, batchSize: 97, maxAttempts: 1 }),
      out('out_table', 'high_table', { type: 'postgres', connection, table, batchSize: 300 }),
      out('out_file', 'high_file', { type: 'csv', path: 'high.csv' }),
    ],
    edges: ['out_hook', 'out_table', 'out_file'].map((target) => ({ source: 'high', target })).concat([{ source: 'customers', target: 'high' }]),
  };
};

describe('change-only delivery', () => {
  it('two runs with data changed in between deliver exactly the set difference, to a webhook, a table and files; a failed delivery loses no change', async () => {
    const data = tempDir();
    const snapshots = memorySnapshots(join(data, 'snapshots'));
    const ledger = memoryLedger();
    const doc = document(receiver.url, cluster.url, 'high_changes');
    let outDir = '';
    const run = async (runId: string) => {
      outDir = tempDir();
      const result = await runWorkflow(doc, {
        runId, remote: true, snapshots, ledger, addressAllowList: { cidrs: ['127.0.0.1/32'] },
        resolvePath: (p, use) => join(use === 'read' ? data : outDir, p),
      });
      return result.state!;
    };
    const received = (runId: string) => {
      const batches = [...receiver.changes].filter(([key]) => key.startsWith(`${runId}:out_hook:`)).map(([, c]) => c);
      return { entered: batches.flatMap((b) => b.entered.map((r) => String(r.id))).sort(), exited: batches.flatMap((b) => b.exited.map(String)).sort() };
    };
    const table = async () => new Set((await db.query('SELECT id FROM high_changes')).rows.map((r) => String(r.id)));
    const fileKeys = (name: string) => readFileSync(join(outDir, name), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]).sort();

    // Run 1: everyone is new.
    const first = customers(1, Array.from({ length: 3000 }, (_, i) => i + 1));
    writeFileSync(join(data, 'customers.csv'), csv(first));
    const a = members(first);
    const r1 = await run('run-1');
    expect(r1.status).toBe('succeeded');
    expect(received('run-1')).toEqual({ entered: [...a].sort(), exited: [] });
    expect(await table()).toEqual(a);
    expect(r1.segments.high_hook).toMatchObject({ count: a.size, entered: a.size, exited: 0 });

    // Scores re-drawn for ids 1..1500, 1..200 gone, 3001..3400 new.
    const second = [...customers(2, Array.from({ length: 1300 }, (_, i) => i + 201)), ...first.slice(1500), ...customers(3, Array.from({ length: 400 }, (_, i) => i + 3001))];
    writeFileSync(join(data, 'customers.csv'), csv(second));
    const b = members(second);
    const entered = minus(b, a);
    const exited = minus(a, b);
    expect(entered.length).toBeGreaterThan(100);
    expect(exited.length).toBeGreaterThan(100);

    // Run 2: the webhook refuses its 3rd batch; the table and files get the difference.
    answer = (batch) => (batch === 3 ? { status: 400, body: 'no' } : 'ok');
    const r2 = await run('run-2');
    answer = () => 'ok';
    expect(r2.status).toBe('partial');
    expect(await table()).toEqual(b);
    expect(fileKeys('high.entered.csv')).toEqual(entered);
    expect(fileKeys('high.exited.csv')).toEqual(exited);
    expect(r2.segments.high_table).toMatchObject({ count: b.size, entered: entered.length, exited: exited.length });

    // Run 3, nothing changed since run 2: the webhook, whose run 2 failed, gets the whole difference against run 1 again.
    const r3 = await run('run-3');
    expect(r3.status).toBe('succeeded');
    expect(received('run-3')).toEqual({ entered, exited });
    expect(await table()).toEqual(b);
    expect(fileKeys('high.entered.csv')).toEqual([]);
    expect(fileKeys('high.exited.csv')).toEqual([]);
    expect(r3.segments.high_table).toMatchObject({ entered: 0, exited: 0 });
  }, 120_000);
});

describe('suppression lists', () => {
  it('no published output delivers a suppressed key, to a webhook, a table or a file; an expired entry no longer suppresses', async () => {
    const data = tempDir();
    const rows = customers(5, Array.from({ length: 500 }, (_, i) => i + 1));
    writeFileSync(join(data, 'customers.csv'), csv(rows));
    const segment = members(rows);
    const [s1, s2, s3, expired] = [...segment].slice(0, 4);
    // Keys as text with a reason, one expiring before the as-of date (2024-01-01), one after; a key not in the segment.
    writeFileSync(join(data, 'optouts.csv'), `email_key,reason,until\n${s1},asked,\n${s2},bounced,2030-01-01\n${s3},complaint,\n${expired},asked,2023-06-30\n999999,asked,\n`);
    const doc = document(receiver.url, cluster.url, 'high_suppressed');
    for (const node of doc.nodes) if (node.kind === 'output') delete (node.config as { destination: Record<string, unknown> }).destination.delivery;
    const out = tempDir();
    const result = await runWorkflow(doc, {
      runId: 'sup-1', remote: true, ledger: memoryLedger(), addressAllowList: { cidrs: ['127.0.0.1/32'] },
      suppression: [{ path: join(data, 'optouts.csv'), format: 'csv', key: 'email_key', expires: 'until' }],
      resolvePath: (p, use) => join(use === 'read' ? data : out, p),
    });
    expect(result.state?.status).toBe('succeeded');
    const want = new Set([...segment].filter((k) => ![s1, s2, s3].includes(k)));
    const hook = new Set([...receiver.applied].filter(([key]) => key.startsWith('sup-1:out_hook:')).flatMap(([, r]) => r.map((row) => String(row.id))));
    expect(hook).toEqual(want);
    expect(new Set((await db.query('SELECT id FROM high_suppressed')).rows.map((r) => String(r.id)))).toEqual(want);
    expect(new Set(readFileSync(join(out, 'high.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]))).toEqual(want);
    for (const name of ['high_hook', 'high_table', 'high_file']) expect(result.state?.segments[name]).toMatchObject({ count: want.size, suppressed: 3 });
  }, 60_000);
});
