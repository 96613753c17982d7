import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execute, openDatabase, queryRows, runWorkflow, sql, type WorkflowInput } from '../../packages/engine/src/node.ts';
import { columnTypeOfDuckType } from '../../packages/engine/src/nodes/source-facts.ts';
import { postgresDialect } from '../../packages/engine/src/sql/dialects/index.ts';
import type { BenchDataset } from '../data.ts';
import type { Figures } from '../figures.ts';
import { progress, summarize, timed } from '../measure.ts';
import { AS_OF, referenceWorkflow } from '../reference-workflow.ts';

const SCRIPT = resolve(dirname(fileURLToPath(import.meta.url)), '../../scripts/postgres-test-server.sh');
export const CONNECTION = 'bench_warehouse';

export interface PostgresOptions {
  rounds: number;
  /** Also measured at 1M customers (full runs; not `--quick`). */
  million?: BenchDataset;
}

/**
 * The reference workflow with its tables in a throwaway PostgreSQL (Debian's,
 * on loopback), run inside PostgreSQL next to the same run in DuckDB over the
 * parquet files: wall time per run, and the segment sizes must agree.
 */
export async function postgresSection(figures: Figures, small: BenchDataset, o: PostgresOptions): Promise<void> {
  let url: string;
  try {
    url = execFileSync('bash', [SCRIPT, 'start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 600_000 }).trim().split('\n').pop()!;
  } catch (error) {
    figures.skip('postgres run', `no PostgreSQL could be started: ${(error as Error).message.split('\n')[0]}`);
    return;
  }
  try {
    for (const [label, dataset] of [['100k', small], ...(o.million ? [['1M', o.million] as const] : [])] as const) {
      // A failure here is reported with the other figures, not left to end the whole bench.
      await measure(figures, url, label, dataset, o.rounds).catch((error: Error) => figures.skip(`postgres run ${label}`, `FAILED: ${error.message.split('\n')[0]}`));
    }
    if (!o.million) figures.skip('postgres run 1M', 'quick run: PostgreSQL measured at 100k only');
  } finally {
    execFileSync('bash', [SCRIPT, 'stop', url], { stdio: 'inherit' });
  }
}

async function measure(figures: Figures, url: string, label: string, dataset: BenchDataset, rounds: number): Promise<void> {
  const outputs = await mkdtemp(join(tmpdir(), 'segflow-bench-pg-'));
  try {
    progress(`postgres ${label}: loading ${dataset.customerRows} customers and ${dataset.eventRows} events`);
    // Unquoted names fold to lower case in PostgreSQL: tables are named in lower case.
    const suffix = label.toLowerCase();
    const load = await timed(async () => {
      await loadParquet(url, dataset.customersPath, `customers_${suffix}`);
      await loadParquet(url, dataset.eventsPath, `events_${suffix}`);
    });
    figures.add(`postgres load ${label}`, load.ms, 'ms', { note: 'parquet → CSV → COPY, not part of a run' });
    const files = referenceWorkflow({ customers: dataset.customersPath, events: dataset.eventsPath, outputs });
    const tables = inWarehouse(files, { customers: `public.customers_${suffix}`, events: `public.events_${suffix}` });
    const credentials = { connection: (name: string) => (name === CONNECTION ? url : undefined), secret: () => undefined };
    const run = async (document: WorkflowInput, mode: 'sequential' | 'hybrid') => {
      const result = await runWorkflow(document, { resolvePath: (p) => p, asOf: AS_OF, mode, partitions: 4, deliver: false, credentials });
      if (result.state?.status !== 'succeeded') throw new Error(`postgres ${label}: run ${result.state?.status ?? JSON.stringify(result.problems)}`);
      return Object.fromEntries(Object.entries(result.state.segments).map(([name, s]) => [name, s.count]));
    };
    const expected = await run(files, 'hybrid');
    const got = await run(tables, 'sequential');
    if (JSON.stringify(got) !== JSON.stringify(expected)) throw new Error(`postgres ${label}: segment sizes ${JSON.stringify(got)}, DuckDB gives ${JSON.stringify(expected)}`);
    progress(`postgres ${label}: ${rounds} timed rounds in PostgreSQL and in DuckDB`);
    const samples = { postgres: [] as number[], duckdb: [] as number[] };
    for (let round = 0; round < rounds; round++) {
      samples.postgres.push((await timed(() => run(tables, 'sequential'))).ms);
      samples.duckdb.push((await timed(() => run(files, 'hybrid'))).ms);
    }
    const inPostgres = summarize(samples.postgres);
    const inDuckDb = summarize(samples.duckdb);
    figures.time(`postgres run ${label}`, inPostgres, { note: `reference workflow inside PostgreSQL; segments ${JSON.stringify(got)}` });
    figures.time(`postgres run ${label}: DuckDB beside it`, inDuckDb, { note: 'same workflow over the parquet files, hybrid p=4' });
    figures.add(`postgres run ${label}: PostgreSQL / DuckDB`, inPostgres.median / inDuckDb.median, 'x');
  } finally {
    await rm(outputs, { recursive: true, force: true });
  }
}

/** The document with its two sources read from warehouse tables instead of files. */
export function inWarehouse(document: WorkflowInput, tables: { customers: string; events: string }): WorkflowInput {
  return {
    ...document,
    nodes: document.nodes.map((node) => {
      if (node.id !== 'customers' && node.id !== 'events') return node;
      const { key, timestamp } = node.config as { key: string; timestamp?: string };
      return { ...node, config: { format: 'postgres', connection: CONNECTION, table: tables[node.id], key, ...(timestamp ? { timestamp } : {}) } };
    }),
  };
}

/** A parquet file as a new PostgreSQL table of the same column types, through a CSV file and psql (\copy). */
export async function loadParquet(url: string, path: string, table: string): Promise<void> {
  const db = await openDatabase();
  const connection = await db.connect();
  const csv = join(await mkdtemp(join(tmpdir(), 'segflow-bench-csv-')), `${table}.csv`);
  try {
    const columns = (await queryRows(connection, sql`DESCRIBE SELECT * FROM read_parquet(${path})`))
      .map((r) => ({ name: String(r.column_name), type: postgresDialect.type(columnTypeOfDuckType(String(r.column_type))) }));
    await execute(connection, sql`COPY (SELECT * FROM read_parquet(${path})) TO ${csv} (HEADER, FORMAT csv)`);
    const create = `SET client_min_messages = warning; DROP TABLE IF EXISTS public.${quoted(table)}; CREATE TABLE public.${quoted(table)} (${columns.map((c) => `${quoted(c.name)} ${c.type}`).join(', ')})`;
    execFileSync(psql(), [url, '-v', 'ON_ERROR_STOP=1', '-c', create], { stdio: ['ignore', 'ignore', 'inherit'] });
    execFileSync(psql(), [url, '-v', 'ON_ERROR_STOP=1', '-c', `\\copy public.${quoted(table)} FROM '${csv}' WITH (FORMAT csv, HEADER true)`], { stdio: ['ignore', 'ignore', 'inherit'] });
  } finally {
    connection.closeSync();
    db.close();
    await rm(dirname(csv), { recursive: true, force: true });
  }
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Debian's newest psql. */
function psql(): string {
  const versions = execFileSync('ls', ['/usr/lib/postgresql'], { encoding: 'utf8' }).trim().split('\n').sort((a, b) => Number(b) - Number(a));
  return `/usr/lib/postgresql/${versions[0]}/bin/psql`;
}
