import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { error, warning, type Problem } from '../model/problem.ts';
import { raw, sql, type Sql } from '../sql/sql.ts';
import { execute } from './database.ts';
import type { FileDestination, OutputConfig } from '../nodes/output.node.ts';

/** COPY options per file type; json is one object per line. */
export function copyOptions(type: FileDestination['type']): string {
  if (type === 'parquet') return 'FORMAT parquet';
  if (type === 'json') return 'FORMAT json';
  return 'FORMAT csv, HEADER';
}

/**
 * A segment outside its expected size range warns; with `enforce` it fails and
 * nothing is delivered.
 */
export function checkSegmentSize(nodeId: string, config: OutputConfig, rows: number): { problems: Problem[]; enforced: boolean } {
  const { min, max, enforce } = config.expect ?? {};
  const low = min !== undefined && rows < min;
  const high = max !== undefined && rows > max;
  if (!low && !high) return { problems: [], enforced: false };
  const range = `${min ?? 0}–${max ?? '∞'}`;
  const message = `Segment "${config.segment}" has ${rows} customers, outside the expected ${range}${enforce ? ': nothing was delivered' : ''}.`;
  return { problems: [(enforce ? error : warning)('segment_size', message, { nodeId })], enforced: Boolean(enforce) };
}

/** Writes a table to a file under a temporary name, then renames it: a reader never sees half a file. */
export async function writeSegmentFile(connection: DuckDBConnection, table: Sql, path: string, type: FileDestination['type']): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const partial = `${path}.partial-${process.pid}`;
  try {
    await execute(connection, sql`COPY (SELECT * FROM ${table}) TO ${partial} (${raw(copyOptions(type))})`);
    await rename(partial, path);
  } catch (e) {
    await rm(partial, { force: true });
    throw e;
  }
}
