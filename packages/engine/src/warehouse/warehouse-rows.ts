import type { CheckOptions } from '../duckdb/run-workflow.ts';
import type { ColumnType } from '../model/column.ts';
import { asValue, toNumber, TOP_VALUES, type ColumnValues } from '../preview/column-values.ts';
import type { MemberRows } from '../preview/preview-result.ts';
import { ident, join, raw, sql, type Sql } from '../sql/sql.ts';
import { pgQuery } from './open-warehouse.ts';
import { computeInWarehouse } from './preview-in-warehouse.ts';

type Options = CheckOptions & { asOf?: string; signal?: AbortSignal };

/** At most this many members are shown, whatever the caller asks. */
export const MAX_MEMBER_ROWS = 1000;

/** A column as the Members tab shows it, the same as DuckDB's previews: dates as text, numbers as numbers (bigints as text, made numbers by the server when they fit). */
function shown(name: string, type: ColumnType): Sql {
  const col = ident(name);
  if (type === 'date' || type === 'timestamp') return sql`CAST(${col} AS TEXT) AS ${col}`;
  if (type === 'number') return sql`CAST(${col} AS DOUBLE PRECISION) AS ${col}`;
  return col;
}

/**
 * A node's first members (by key) of a workflow whose sources are warehouse
 * tables, read from PostgreSQL: only that node and what feeds it are
 * computed, then one bounded SELECT, the limit bound as a value.
 */
export function rowsInWarehouse(document: unknown, nodeId: string, options: Options & { limit?: number }): Promise<MemberRows> {
  const limit = Math.min(Math.max(1, Math.floor(options.limit ?? 50)), MAX_MEMBER_ROWS);
  return computeInWarehouse(document, { ...options, only: nodeId }, () => ({ columns: [], rows: [] }), async ({ analysis, session, backend }) => {
    const schema = analysis.schemas.get(nodeId);
    const table = backend.tableOf(nodeId);
    if (!schema || !table) return { columns: [], rows: [] };
    const list = join(schema.columns.map((c) => shown(c.name, c.type)), ', ');
    const result = await session.query(pgQuery(sql`SELECT ${list} FROM ${table} ORDER BY ${ident(schema.key)} LIMIT ${limit}`));
    return { columns: schema.columns.map((c) => ({ name: c.name, type: c.type })), rows: result.rows as Record<string, unknown>[] };
  });
}

/**
 * A column's most frequent values at a node (and for numbers min, median and
 * max), read from PostgreSQL as DuckDB's previews read them: ties ordered
 * byte-wise, dates as text. Null when the node has no such column.
 */
export function valuesInWarehouse(document: unknown, nodeId: string, column: string, options: Options): Promise<ColumnValues | null> {
  return computeInWarehouse(document, { ...options, only: nodeId }, () => null, async ({ analysis, session, backend }) => {
    const found = analysis.schemas.get(nodeId)?.columns.find((c) => c.name === column);
    const table = backend.tableOf(nodeId);
    if (!found || !table) return null;
    const col = ident(found.name);
    const numeric = found.type === 'integer' || found.type === 'number';
    const spread = numeric
      ? sql`, CAST(min(${col}) AS DOUBLE PRECISION) AS lo, CAST(percentile_cont(0.5) WITHIN GROUP (ORDER BY ${col}) AS DOUBLE PRECISION) AS mid, CAST(max(${col}) AS DOUBLE PRECISION) AS hi`
      : sql``;
    const totals = (await session.query(pgQuery(sql`SELECT count(*) AS n, count(*) - count(${col}) AS empty ${spread} FROM ${table}`))).rows[0];
    const top = await session.query(pgQuery(sql`
      SELECT CAST(${col} AS TEXT) AS value, count(*) AS n FROM ${table} WHERE ${col} IS NOT NULL
      GROUP BY 1 ORDER BY n DESC, CAST(${col} AS TEXT) ${raw('COLLATE "C"')} LIMIT ${TOP_VALUES}`));
    return {
      column: found.name,
      type: found.type,
      rows: Number(totals.n),
      empty: Number(totals.empty),
      top: top.rows.map((r: { value: unknown; n: unknown }) => ({ value: asValue(r.value, found.type), count: Number(r.n) })),
      ...(numeric ? { min: toNumber(totals.lo), median: toNumber(totals.mid), max: toNumber(totals.hi) } : {}),
    };
  });
}
