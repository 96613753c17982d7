import { statSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ReadConfig } from '../nodes/ingestion.ts';
import { columnTypeOfDuckType, type SourceFacts } from '../nodes/source-facts.ts';
import { sql, type Sql } from '../sql/sql.ts';
import { queryRows } from './database.ts';
import { literalPath } from './literal-path.ts';

/**
 * The table function reading a source file. The path and options are bound
 * values, and the path names one file, never a pattern (see literalPath). CSV
 * columns with a declared type are read as text, so DuckDB's sniffer cannot
 * guess them wrong (a US date read as a European one).
 */
export function readerSql(config: ReadConfig, path: string): Sql {
  const file = literalPath(path);
  if (config.format === 'parquet') return sql`read_parquet(${file})`;
  if (config.format === 'json') return sql`read_json_auto(${file})`;
  const overrides = Object.keys(config.columns ?? {});
  const types = overrides.length ? sql`, types = ${{ struct: Object.fromEntries(overrides.map((n) => [n, 'VARCHAR'])) }}` : sql``;
  // The delimiter is fixed (comma unless the node says otherwise): left to the sniffer, a
  // file with ragged rows silently reads as one text column.
  return sql`read_csv(${file}${types}, delim = ${config.delimiter ?? ','}, header = true)`;
}

/** Reads a source's columns (DuckDB's DESCRIBE of the reader) without reading its rows. */
export async function describeSource(connection: DuckDBConnection, config: ReadConfig, path: string): Promise<SourceFacts> {
  // Said before DuckDB is asked: its own words quote the full path (a pattern, for a literal name).
  const found = statSync(path, { throwIfNoEntry: false });
  if (!found) return { ok: false, message: 'there is no such file.' };
  if (found.isDirectory()) return { ok: false, message: 'it is a folder, not a file.' };
  try {
    const rows = await queryRows(connection, sql`DESCRIBE SELECT * FROM ${readerSql(config, path)}`);
    const columns = rows.map((r) => {
      const name = String(r.column_name);
      const duckType = String(r.column_type);
      return { name, duckType, type: config.columns?.[name]?.type ?? columnTypeOfDuckType(duckType) };
    });
    return { ok: true, columns };
  } catch (e) {
    const message = firstLine((e as Error).message);
    if (config.format === 'csv' && /sniffing|dialect/i.test(message))
      return { ok: false, message: `not a well-formed CSV with "${config.delimiter ?? ','}" between fields (is a row missing fields, or another delimiter used?)` };
    return { ok: false, message };
  }
}

const firstLine = (message: string) => message.split('\n')[0].slice(0, 300);

/** Reads a source's columns, connecting to DuckDB only when it must. */
export type DescribeSource = (config: ReadConfig, path: string, connect: () => Promise<DuckDBConnection>) => Promise<SourceFacts>;

export const describeWithDuckDb: DescribeSource = async (config, path, connect) => describeSource(await connect(), config, path);

/** A file's identity for caches: its path, size and modification time. */
export function fingerprint(path: string): string {
  try {
    const s = statSync(path);
    return `${path}:${s.size}:${s.mtimeMs}`;
  } catch {
    return `${path}:missing`;
  }
}

/**
 * A DescribeSource that remembers what it read until the file changes (size
 * or modification time) or the read settings do; the most recent `max` only.
 * Editors validate and preview the same documents over the same files all day.
 * `describe` reads on a miss (a server's check thread asks the server's own DuckDB).
 */
export function cachedDescribe(max = 200, describe: DescribeSource = describeWithDuckDb): DescribeSource {
  const known = new Map<string, SourceFacts>();
  return async (config, path, connect) => {
    const key = `${fingerprint(path)}|${config.format}|${config.delimiter ?? ''}|${JSON.stringify(config.columns ?? {})}`;
    const hit = known.get(key);
    if (hit) return hit;
    const found = await describe(config, path, connect);
    if (found.ok) known.set(key, found);
    if (known.size > max) known.delete(known.keys().next().value!);
    return found;
  };
}
