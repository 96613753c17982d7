import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { execute, isFileDestination, outputSettings, raw, readerSql, sql, type Workflow } from '@segflow/engine/node';
import type { SharedDuckDb } from './duckdb.ts';
import type { DataPaths } from './data-paths.ts';
import { resolveInside } from './resolve-path.ts';
import { formatOf, type DatasetFormat } from './datasets.ts';

/** The destination type an output node of the run's document wrote the segment as. */
function destinationType(document: Workflow, segment: string, path: string): DatasetFormat {
  const destination = outputSettings(document).find(({ config }) => config.segment === segment)?.config.destination;
  return destination && isFileDestination(destination) ? destination.type : (formatOf(path) ?? 'csv');
}

/**
 * A segment as a CSV file to send: the delivered file itself when it is CSV,
 * else a temporary conversion (DuckDB COPY) that `cleanup` removes.
 * @param relativePath the segment's path as the run reports it (relative to the data directory).
 */
export async function segmentCsv(
  deps: { paths: DataPaths; duckdb: SharedDuckDb },
  run: { document: Workflow },
  segment: string,
  relativePath: string,
): Promise<{ path: string; cleanup: () => void } | undefined> {
  // Only segments written to files have one (not `webhook:…`), and it must lie inside outputs/ whatever the row says.
  if (!relativePath.startsWith('outputs/')) return undefined;
  let path: string;
  try {
    path = resolveInside(deps.paths.outputs, relative(deps.paths.outputs, join(deps.paths.root, relativePath)), 'Segment');
  } catch {
    return undefined;
  }
  if (!existsSync(path)) return undefined;
  const type = destinationType(run.document, segment, path);
  if (type === 'csv') return { path, cleanup: () => undefined };
  const tmp = join(deps.paths.tmp, `segment-${randomBytes(6).toString('hex')}.csv`);
  const connection = await (await deps.duckdb.get()).connect();
  try {
    await execute(connection, sql`COPY (SELECT * FROM ${readerSql({ format: type, path, key: '' }, path)}) TO ${tmp} (${raw('FORMAT csv, HEADER')})`);
  } finally {
    connection.closeSync();
  }
  return { path: tmp, cleanup: () => rmSync(tmp, { force: true }) };
}
