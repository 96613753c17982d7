import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { queryRows } from '../duckdb/database.ts';
import { raw, sql, type Sql } from '../sql/sql.ts';
import { customersQuery } from './customers-sql.ts';
import { eventsQuery } from './events-sql.ts';
import { resolveOptions, type DatasetFormat, type GenerateOptions } from './options.ts';
import { RANDOM_MACROS } from './random-sql.ts';

export interface GeneratedDataset {
  customersPath: string;
  eventsPath: string;
  /** Rows in the customers file: `customers` plus the few duplicate and key-less rows. */
  customers: number;
  /** Rows in the events file. */
  events: number;
  ms: number;
}

/**
 * Writes a deterministic synthetic shop: `customers.<format>` and
 * `events.<format>` in `outDir`. Rows are made inside DuckDB from hashes of
 * (seed, row), never in JavaScript, so a million customers with twenty million
 * events take seconds; the same options give byte-identical files.
 *
 * The customers file is a little dirty on purpose (about 0.1% rows without a
 * customer_id, about 0.1% ids twice with a later updated_at, some NULLs in
 * optional columns) so that demo workflows meet what real exports contain.
 *
 * @example
 *   const ds = await generateDataset({ customers: 200_000, outDir: 'demo-data' });
 *   // ds.customersPath === 'demo-data/customers.parquet', ds.events ≈ 4_000_000
 */
export async function generateDataset(opts: GenerateOptions): Promise<GeneratedDataset> {
  const started = performance.now();
  const o = resolveOptions(opts);
  const report = (step: 'customers' | 'events' | 'done', done: number) => o.onProgress?.({ step, done, total: 2 });
  await mkdir(o.outDir, { recursive: true });
  const customersPath = join(o.outDir, `customers.${o.format}`);
  const eventsPath = join(o.outDir, `events.${o.format}`);

  return withGeneratorSession(async (c) => {
    report('customers', 0);
    const customers = await copyToFile(c, customersQuery(o.customers, o.seed), customersPath, o.format);
    report('events', 1);
    const events = await copyToFile(c, eventsQuery(o.customers, o.eventsPerCustomer, o.seed), eventsPath, o.format);
    report('done', 2);
    return { customersPath, eventsPath, customers, events, ms: Math.round(performance.now() - started) };
  });
}

/**
 * An in-memory DuckDB with the random macros, closed afterwards. Sorting twenty
 * million events can spill to disk; DuckDB's default spill directory is `.tmp`
 * under the working directory, so it gets a private temp directory instead.
 */
async function withGeneratorSession<T>(work: (c: DuckDBConnection) => Promise<T>): Promise<T> {
  const spillDir = await mkdtemp(join(tmpdir(), 'segflow-generate-'));
  const db = await DuckDBInstance.create(':memory:');
  try {
    const c = await db.connect();
    try {
      await c.run('SET temp_directory = $1', [spillDir]);
      // Already DuckDB's default; set anyway because byte-identical output relies
      // on COPY keeping the ORDER BY order. With it, the files came out the same
      // for 1, 2, 4 and 7 threads, so the thread count is left to DuckDB.
      await c.run('SET preserve_insertion_order = true');
      for (const macro of RANDOM_MACROS) await c.run(macro);
      return await work(c);
    } finally {
      c.closeSync();
    }
  } finally {
    db.closeSync();
    await rm(spillDir, { recursive: true, force: true });
  }
}

/** zstd: at 1M customers a fifth smaller than snappy for about 1.5 s more. */
const COPY_OPTIONS: Record<DatasetFormat, Sql> = {
  parquet: raw('FORMAT parquet, COMPRESSION zstd'),
  csv: raw('FORMAT csv, HEADER true'),
};

/** COPY the query's rows to `path` (bound as a parameter) and return how many were written. */
async function copyToFile(c: DuckDBConnection, query: Sql, path: string, format: DatasetFormat): Promise<number> {
  const [row] = await queryRows(c, sql`COPY (${query}) TO ${path} (${COPY_OPTIONS[format]})`);
  return Number(row.Count);
}
