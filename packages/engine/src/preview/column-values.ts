import type { DuckDBConnection } from '@duckdb/node-api';
import type { ColumnType } from '../model/column.ts';
import { queryRows } from '../duckdb/database.ts';
import { ident, sql } from '../sql/sql.ts';

/** What a column holds at a node: its most frequent values, and for numbers their spread. */
export interface ColumnValues {
  column: string;
  type: ColumnType;
  /** Rows at the node, and how many of them have no value in the column. */
  rows: number;
  empty: number;
  /** Most frequent first, ties by value; at most `TOP_VALUES`. */
  top: { value: string | number | boolean; count: number }[];
  /** Only for integer and number columns. */
  min?: number | null;
  median?: number | null;
  max?: number | null;
}

export const TOP_VALUES = 20;

export const toNumber = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export function asValue(v: unknown, type: ColumnType): string | number | boolean {
  if (type === 'boolean') return v === true || v === 'true';
  if ((type === 'integer' || type === 'number') && Number.isFinite(Number(v))) return Number(v);
  return String(v);
}

/** One pass for the counts, one for the top values: both over a node's cached table. */
export async function columnValues(connection: DuckDBConnection, table: string, column: { name: string; type: ColumnType }): Promise<ColumnValues> {
  const col = ident(column.name);
  const numeric = column.type === 'integer' || column.type === 'number';
  const [totals] = await queryRows(
    connection,
    numeric
      ? sql`SELECT count(*) AS n, count(*) - count(${col}) AS empty, min(${col})::DOUBLE AS lo, median(${col})::DOUBLE AS mid, max(${col})::DOUBLE AS hi FROM ${ident(table)}`
      : sql`SELECT count(*) AS n, count(*) - count(${col}) AS empty FROM ${ident(table)}`,
  );
  // Dates and timestamps are grouped as text so every type comes back the same way.
  const top = await queryRows(
    connection,
    sql`SELECT ${col}::VARCHAR AS value, count(*) AS n FROM ${ident(table)} WHERE ${col} IS NOT NULL GROUP BY 1 ORDER BY n DESC, value LIMIT ${TOP_VALUES}`,
  );
  return {
    column: column.name,
    type: column.type,
    rows: Number(totals.n),
    empty: Number(totals.empty),
    top: top.map((r) => ({ value: asValue(r.value, column.type), count: Number(r.n) })),
    ...(numeric ? { min: toNumber(totals.lo), median: toNumber(totals.mid), max: toNumber(totals.hi) } : {}),
  };
}
