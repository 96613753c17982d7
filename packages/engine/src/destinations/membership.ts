import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { execute, queryRows } from '../duckdb/database.ts';
import { literalPath } from '../duckdb/literal-path.ts';
import { ident, sql, type Sql } from '../sql/sql.ts';

/**
 * Member keys of each delivered run of a published version, kept as Parquet
 * files so any two runs can be compared, and which run's keys a destination
 * last received in full: what a change-only delivery diffs against.
 *
 * The server keeps the pointers in SQLite beside the delivery ledger; tests
 * and the CLI use `folderSnapshots`.
 */
export interface MembershipSnapshots {
  /** The Parquet file holding the member keys of `nodeId` in `runId`. */
  file(runId: string, nodeId: string): string;
  /**
   * The run whose snapshot this run's delivery to `scope` is diffed against:
   * the last one delivered there, fixed at the first ask of a run, so a
   * resumed or retried run diffs against the same one and re-sends the same
   * batches. Undefined when nothing was delivered there yet.
   */
  base(scope: string, runId: string): Promise<string | undefined>;
  /**
   * Makes this run's snapshot the last delivered one of `scope`; with `ledgerKey`,
   * records that key in the delivery ledger in the same transaction.
   */
  delivered(scope: string, runId: string, ledgerKey?: string): Promise<void>;
}

/** What identifies a destination across runs (no secret is ever part of it: documents hold names). */
export function deliveryScope(nodeId: string, destination: { type: string } & Record<string, unknown>): string {
  const d = destination;
  const target = d.type === 'webhook' ? d.url : d.type === 'postgres' ? `${d.connection}|${d.schema ?? ''}.${d.table}` : d.path;
  return `${nodeId}|${d.type}|${String(target)}`;
}

/** Snapshots in a folder with pointers in memory: for tests and one-shot runs. */
export function memorySnapshots(folder: string): MembershipSnapshots {
  const last = new Map<string, string>();
  const bases = new Map<string, string | undefined>();
  return {
    file: (runId, nodeId) => `${folder}/${runId}/${nodeId}.parquet`,
    async base(scope, runId) {
      const k = `${runId}|${scope}`;
      if (!bases.has(k)) bases.set(k, last.get(scope));
      return bases.get(k);
    },
    async delivered(scope, runId) {
      last.set(scope, runId);
    },
  };
}

/**
 * Writes the keys of `table` (as column `key`, sorted) to a zstd Parquet file,
 * under a temporary name first so a crash never leaves half a snapshot.
 */
export async function writeSnapshot(connection: DuckDBConnection, table: Sql, key: string, path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const partial = `${path}.partial-${process.pid}`;
  try {
    await execute(connection, sql`COPY (SELECT ${ident(key)} AS key FROM ${table} ORDER BY 1) TO ${partial} (FORMAT parquet, COMPRESSION zstd)`);
    await rename(partial, path);
  } catch (e) {
    await rm(partial, { force: true });
    throw e;
  }
}

export interface MembershipChanges {
  /** Rows of the segment whose keys the base lacks (every row when there is no base). */
  entered: Sql;
  /** A one-column table (the segment's key column) of keys the base had and the segment has not. */
  exited: Sql;
  enteredCount: number;
  exitedCount: number;
  /** Whether a base snapshot was there to diff against. */
  hasBase: boolean;
}

/**
 * Diffs a segment table against a base snapshot with anti-joins in DuckDB (never
 * in memory), into two tables named `<prefix>entered` and `<prefix>exited`.
 */
export async function diffMembership(connection: DuckDBConnection, table: Sql, key: string, basePath: string | undefined, prefix: string): Promise<MembershipChanges> {
  const entered = ident(`${prefix}entered`);
  const exited = ident(`${prefix}exited`);
  const hasBase = basePath !== undefined && existsSync(basePath);
  if (hasBase) {
    const base = sql`read_parquet(${literalPath(basePath)})`;
    await execute(connection, sql`CREATE OR REPLACE TABLE ${entered} AS SELECT t.* FROM ${table} AS t ANTI JOIN ${base} AS b ON b.key = t.${ident(key)} ORDER BY t.${ident(key)}`);
    await execute(connection, sql`CREATE OR REPLACE TABLE ${exited} AS SELECT b.key AS ${ident(key)} FROM ${base} AS b ANTI JOIN ${table} AS t ON b.key = t.${ident(key)} ORDER BY 1`);
  } else {
    await execute(connection, sql`CREATE OR REPLACE TABLE ${entered} AS SELECT * FROM ${table} ORDER BY ${ident(key)}`);
    await execute(connection, sql`CREATE OR REPLACE TABLE ${exited} AS SELECT ${ident(key)} FROM ${table} LIMIT 0`);
  }
  const count = async (t: Sql) => Number((await queryRows(connection, sql`SELECT count(*) AS n FROM ${t}`))[0].n);
  return { entered, exited, enteredCount: await count(entered), exitedCount: await count(exited), hasBase };
}
