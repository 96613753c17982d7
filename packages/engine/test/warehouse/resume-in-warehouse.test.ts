import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSegment, runIn } from '../run-helpers.ts';
import { DATASETS, EXAMPLES } from '../shared-paths.ts';
import { startPostgres } from '../destinations/postgres-cluster.ts';
import type { RunEvent } from '../../src/run/run-events.ts';
import { workSchema } from '../../src/warehouse/work-schema.ts';
import { loadFileIntoPostgres, warehouseCredentials, withWarehouseSources } from './load-tables.ts';

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
async function run(runId: string, options: { stopAfter?: string; resume?: Parameters<typeof runIn>[1]['resume'] } = {}) {
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
});
