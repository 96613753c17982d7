import type { DuckDBConnection } from '@duckdb/node-api';
import type { ReadConfig } from '../nodes/ingestion.ts';
import { columnTypeOfDuckType, type SourceFacts } from '../nodes/source-facts.ts';
import { sql, type Sql } from '../sql/sql.ts';
import { queryRows } from './database.ts';

/**
 * The table function reading a source file. The path and options are bound
 * values. CSV columns with a declared type are read as text, so DuckDB's
 * sniffer cannot guess them wrong (a US date read as a European one).
 */
export function readerSql(config: ReadConfig, path: string): Sql {
  if (config.format === 'parquet') return sql`read_parquet(${path})`;
  if (config.format === 'json') return sql`read_json_auto(${path})`;
  const overrides = Object.keys(config.columns ?? {});
  const types = overrides.length ? sql`, types = ${{ struct: Object.fromEntries(overrides.map((n) => [n, 'VARCHAR'])) }}` : sql``;
  // The delimiter is fixed (comma unless the node says otherwise): left to the sniffer, a
  // file with ragged rows silently reads as one text column.
  return sql`read_csv(${path}${types}, delim = ${config.delimiter ?? ','}, header = true)`;
}

/** Reads a source's columns (DuckDB's DESCRIBE of the reader) without reading its rows. */
export async function describeSource(connection: DuckDBConnection, config: ReadConfig, path: string): Promise<SourceFacts> {
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
