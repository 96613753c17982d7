import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSegment, runIn, tempDir } from '../run-helpers.ts';
import { resumeDurableRun } from '../../src/duckdb/durable-run.ts';
import { DATASETS, EXAMPLES } from '../shared-paths.ts';
import { startPostgres } from '../destinations/postgres-cluster.ts';
import type { RunEvent } from '../../src/run/run-events.ts';
import type { RunState } from '../../src/run/reduce-run-event.ts';
import { workSchema } from '../../src/warehouse/work-schema.ts';
import { loadFileIntoPostgres, WAREHOUSE, warehouseCredentials, withWarehouseSources } from './load-tables.ts';

/**
 * customers → maxo → age → recent (three aggregates over orders) → f → output:
 * a run stopped once `recent` is done, then resumed.
 */
const example = JSON.parse(readFileSync(join(EXAMPLES, 'big_spenders_gone_quiet.json'), 'utf8'));
const AS_OF = '2022-06-30';
const TABLES = Object.fromEntries(example.nodes.filter((n: { kind: string }) => n.kind === 'source' || n.kind === 'events')
  .map((n: { config: { path: string } }) => [n.config.path, n.config.path.replace(/\.csv$/, '')]));
const document = withWarehouseSources(example, TABLES);

let cluster: { url: string; stop(): void };
let client: pg.Client;
beforeAll(async () => {
  cluster = startPostgres();
  for (const node of example.nodes)
    if (node.kind === 'source' || node.kind === 'events') await loadFileIntoPostgres(cluster.url, node.config, join(DATASETS, node.config.path), TABLES[node.config.path]);
  client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
}, 600_000);
afterAll(async () => {
  await client?.end();
  cluster?.stop();
});

const credentials = () => warehouseCredentials(cluster.url);

/** Runs the document in the warehouse, collecting its events; `stopAfter`: the run's session is cancelled once that node is done. */
async function run(runId: string, options: { stopAfter?: string; resume?: RunState } = {}) {
  const events: RunEvent[] = [];
  const controller = new AbortController();
  const result = await runIn(document, {
    mode: 'sequential', asOf: AS_OF, credentials: credentials(), runId, signal: controller.signal, resume: options.resume,
    onEvent: (event) => {
      events.push(event);
      if (event.type === 'node-succeeded' && event.nodeId === options.stopAfter) controller.abort();
    },
  });
  return { ...result, started: events.filter((e) => e.type === 'node-started').map((e) => (e as { nodeId: string }).nodeId) };
}

async function tablesOf(runId: string): Promise<string[]> {
  const { rows } = await client.query('SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name', [workSchema(runId).name]);
  return rows.map((r) => String(r.table_name));
}

const segmentOf = (result: Awaited<ReturnType<typeof run>>) => readSegment(result.state!.segments.big_spenders_gone_quiet.path);

describe('a warehouse run', () => {
  it('scans the events once for all three aggregates, keeping its stages as tables of a schema named by the run', async () => {
    const stopped = await run('run-scan-once', { stopAfter: 'recent' });
    expect(stopped.state?.status).toBe('cancelled');
    // customers, the orders' one summary, recent (maxo and age are computed by it in one pass), the stage record.
    expect(await tablesOf('run-scan-once')).toEqual(['n_0', 's_1', 'n_4', 'stages'].sort());
    const { rows } = await client.query(`SELECT node_id FROM ${workSchema('run-scan-once').name}.stages ORDER BY node_id`);
    expect(rows.map((r) => r.node_id)).toEqual(['age', 'customers', 'maxo', 'orders', 'recent']);
  }, 120_000);

  it('resumed after its session was cancelled, computes only the stages left, gives the segment of an uninterrupted run, and drops its schema', async () => {
    const whole = await run('run-uninterrupted');
    expect(whole.state?.status).toBe('succeeded');
    const stopped = await run('run-resumed', { stopAfter: 'recent' });
    expect(stopped.started).toEqual(['customers', 'orders', 'maxo', 'age', 'recent']);
    const resumed = await run('run-resumed', { resume: stopped.state });
    expect(resumed.state?.status).toBe('succeeded');
    expect(resumed.started).toEqual(['f', 'out_big_spenders_gone_quiet']);
    expect(segmentOf(resumed)).toEqual(segmentOf(whole));
    expect(resumed.state!.segments.big_spenders_gone_quiet.count).toBe(2077);
    expect(await tablesOf('run-resumed')).toEqual([]);
    expect(await tablesOf('run-uninterrupted')).toEqual([]);
  }, 120_000);

  it('computes again, when resumed, the stages whose tables are gone', async () => {
    const stopped = await run('run-schema-gone', { stopAfter: 'recent' });
    await client.query(`DROP SCHEMA ${workSchema('run-schema-gone').name} CASCADE`);
    const resumed = await run('run-schema-gone', { resume: stopped.state });
    expect(resumed.state?.status).toBe('succeeded');
    expect(resumed.started).toEqual(['customers', 'orders', 'maxo', 'age', 'recent', 'f', 'out_big_spenders_gone_quiet']);
    expect(resumed.state!.segments.big_spenders_gone_quiet.count).toBe(2077);
  }, 120_000);

  it('resumed after its process was killed (kill -9) mid-statement, reuses the stages finished before', async () => {
    const folder = tempDir();
    writeFileSync(join(folder, 'doc.json'), JSON.stringify(document));
    // The orders table locked: the run waits inside its events stage, the customers stage done.
    const locker = new pg.Client({ connectionString: cluster.url });
    await locker.connect();
    await locker.query(`BEGIN; LOCK TABLE public.${TABLES['cdnow_orders.csv']} IN ACCESS EXCLUSIVE MODE`);
    const cli = join(import.meta.dirname, '../../src/cli/main.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', cli, 'run', join(folder, 'doc.json'), '--as-of', AS_OF, '--mode', 'sequential'], {
      stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1', SEGFLOW_CONNECTIONS: JSON.stringify({ [WAREHOUSE]: cluster.url }) },
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const waiting = async () => (await client.query("SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'CREATE UNLOGGED TABLE%'")).rows;
    for (let i = 0; i < 400 && !(await waiting()).length; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await waiting(), stderr).toHaveLength(1);
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    // PostgreSQL ends the statement of a client gone once it notices; here, at once.
    for (const { pid } of await waiting()) await client.query('SELECT pg_terminate_backend($1)', [pid]);
    await locker.query('ROLLBACK');
    await locker.end();
    const runId = /run (run-[\w-]+)/.exec(stderr)![1];
    const started: string[] = [];
    const resumed = await resumeDurableRun(runId, {
      stateDir: join(folder, '.segflow'), resolvePath: (p) => join(folder, p), credentials: credentials(),
      onEvent: (e) => void (e.type === 'node-started' && started.push(e.nodeId)),
    });
    expect(resumed.state?.status).toBe('succeeded');
    expect(started).toEqual(['orders', 'maxo', 'age', 'recent', 'f', 'out_big_spenders_gone_quiet']);
    expect(resumed.state!.segments.big_spenders_gone_quiet.count).toBe(2077);
    expect(await tablesOf(runId)).toEqual([]);
  }, 120_000);

  it('runs in temporary tables, without a schema of its own, for a user that may not create one', async () => {
    await client.query(`CREATE ROLE segflow_reader LOGIN; GRANT SELECT ON ALL TABLES IN SCHEMA public TO segflow_reader`);
    const url = cluster.url.replace('//postgres@', '//segflow_reader@');
    const result = await runIn(document, { mode: 'sequential', asOf: AS_OF, credentials: warehouseCredentials(url), runId: 'run-read-only' });
    expect(result.state?.status).toBe('succeeded');
    expect(result.state!.segments.big_spenders_gone_quiet.count).toBe(2077);
    expect(await tablesOf('run-read-only')).toEqual([]);
  }, 120_000);
});
