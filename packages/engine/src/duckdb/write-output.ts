import { readdirSync, rmSync, type Dirent } from 'node:fs';
import { lstat, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { error, warning, type Problem } from '../model/problem.ts';
import { raw, sql, type Sql } from '../sql/sql.ts';
import { execute } from './database.ts';
import { outsideExpectedSize, type FileDestination, type OutputConfig } from '../nodes/output.node.ts';
import { plainNumber } from '../messages/plain-number.ts';

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
  const outside = outsideExpectedSize(config.expect, rows);
  if (!outside) return { problems: [], enforced: false };
  const enforce = config.expect?.enforce === true;
  const message = `Segment "${config.segment}" has ${plainNumber(rows)} customers, ${outside}${enforce ? ': nothing was delivered' : ''}.`;
  return { problems: [(enforce ? error : warning)('segment_size', message, { nodeId })], enforced: enforce };
}

/** The name a segment file has while it is written: `<name>.partial-<pid>`. */
const PARTIAL = /\.partial-\d+$/;

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Writes a table to a file under a temporary name, then renames it: a reader
 * never sees half a file. A folder is never replaced by a segment, and what a
 * killed writer of the same file left behind is removed first.
 */
export async function writeSegmentFile(connection: DuckDBConnection, table: Sql, path: string, type: FileDestination['type']): Promise<void> {
  if ((await lstat(path).catch(() => undefined))?.isDirectory()) throw new Error(`The output "${basename(path)}" is a folder; a segment is written to a file.`);
  await mkdir(dirname(path), { recursive: true });
  await removeStalePartials(path);
  const partial = `${path}.partial-${process.pid}`;
  try {
    await execute(connection, sql`COPY (SELECT * FROM ${table}) TO ${partial} (${raw(copyOptions(type))})`);
    await rename(partial, path);
  } catch (e) {
    await rm(partial, { force: true });
    throw e;
  }
}

/** Removes `<path>.partial-<pid>` files of writers that are no longer running (killed mid-write). */
async function removeStalePartials(path: string): Promise<void> {
  const prefix = `${basename(path)}.partial-`;
  for (const entry of await readdir(dirname(path), { withFileTypes: true })) {
    const pid = entry.name.startsWith(prefix) ? entry.name.slice(prefix.length) : '';
    if (/^\d+$/.test(pid) && entry.isFile() && !isRunning(Number(pid))) await rm(join(dirname(path), entry.name), { force: true });
  }
}

/**
 * Removes every `*.partial-<pid>` file under `folder` (its sub-folders too, never
 * through a link): what writers killed mid-write left. Call it only when nothing
 * writes there, such as at a server's start, before runs resume (hence synchronous).
 * @returns how many were removed.
 */
export function removePartialFiles(folder: string): number {
  let removed = 0;
  let entries: Dirent[];
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) removed += removePartialFiles(path);
    else if (entry.isFile() && PARTIAL.test(entry.name)) {
      rmSync(path, { force: true });
      removed++;
    }
  }
  return removed;
}
