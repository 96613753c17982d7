import type { DuckDBConnection } from '@duckdb/node-api';
import { dateLiteral, ident, join, sql, type Sql } from '../sql/sql.ts';
import { execute, queryRows } from './database.ts';
import { readerSql } from './read-source.ts';

/**
 * A dataset whose keys no published output may deliver: an admin marks it so
 * (the server's suppression policy). Keys compare as text, so a list of
 * strings suppresses integer keys too. A key whose `expires` date is on or
 * before the run's as-of date no longer suppresses.
 */
export interface SuppressionList {
  /** The dataset's file, already resolved and confined by the caller. */
  path: string;
  format: 'csv' | 'parquet' | 'json';
  /** The column holding the keys. */
  key: string;
  /** A date column: the key is suppressed until then (empty: for good). */
  expires?: string;
}

/**
 * Writes `<prefix>kept`: the rows of `table` whose key no list suppresses, in
 * key order, with an anti-join in DuckDB per list.
 * @returns the kept table and how many rows the lists took out.
 */
export async function applySuppression(
  connection: DuckDBConnection,
  table: Sql,
  key: string,
  lists: readonly SuppressionList[],
  asOf: string,
  prefix: string,
): Promise<{ table: Sql; rows: number; suppressed: number }> {
  const kept = ident(`${prefix}kept`);
  const keyText = sql`CAST(t.${ident(key)} AS VARCHAR)`;
  const filters = lists.map((list, i) => {
    const alias = ident(`s${i}`);
    const active = list.expires ? sql` AND (${alias}.${ident(list.expires)} IS NULL OR CAST(${alias}.${ident(list.expires)} AS DATE) > ${dateLiteral(asOf)})` : sql``;
    return sql`NOT EXISTS (SELECT 1 FROM ${readerSql({ format: list.format, path: list.path, key: list.key } as never, list.path)} AS ${alias} WHERE CAST(${alias}.${ident(list.key)} AS VARCHAR) = ${keyText}${active})`;
  });
  await execute(connection, sql`CREATE OR REPLACE TABLE ${kept} AS SELECT t.* FROM ${table} AS t WHERE ${join(filters, ' AND ')} ORDER BY t.${ident(key)}`);
  const [counts] = await queryRows(connection, sql`SELECT (SELECT count(*) FROM ${kept}) AS kept, (SELECT count(*) FROM ${table}) AS total`);
  const rows = Number(counts.kept);
  return { table: kept, rows, suppressed: Number(counts.total) - rows };
}
