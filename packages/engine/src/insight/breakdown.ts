import type { DuckDBConnection } from '@duckdb/node-api';
import { isNumeric, isTemporal, type ColumnType } from '../model/column.ts';
import { queryRows } from '../duckdb/database.ts';
import { ident, sql, type Sql } from '../sql/sql.ts';
import { histogramBins } from './histogram-bins.ts';
import { BREAKDOWN_TOP_VALUES, HISTOGRAM_BINS, type Breakdown } from './insight-result.ts';

/** Dates are binned by day: a date's number is its days since 1970-01-01. */
const asNumber = (col: Sql, type: ColumnType) => (isTemporal(type) ? sql`(epoch(${col}::TIMESTAMP) / 86400.0)` : sql`${col}::DOUBLE`);

/**
 * One column of a node's rows (`relation`, a table or a subquery the previewer
 * hands over) broken down: two passes over the rows, every value bound.
 */
export async function breakdown(connection: DuckDBConnection, relation: Sql, column: { name: string; type: ColumnType }): Promise<Breakdown> {
  const col = ident(column.name);
  const binned = isNumeric(column.type) || isTemporal(column.type);
  const value = asNumber(col, column.type);
  const [totals] = await queryRows(
    connection,
    binned
      ? sql`SELECT count(*) AS n, count(*) - count(${col}) AS empty, min(${value}) AS lo, max(${value}) AS hi FROM ${relation} AS r`
      : sql`SELECT count(*) AS n, count(*) - count(${col}) AS empty FROM ${relation} AS r`,
  );
  const base = { column: column.name, type: column.type, rows: Number(totals.n), empty: Number(totals.empty) };
  if (!binned) {
    const top = await queryRows(
      connection,
      sql`SELECT ${col}::VARCHAR AS value, count(*) AS n FROM ${relation} AS r WHERE ${col} IS NOT NULL GROUP BY 1 ORDER BY n DESC, value LIMIT ${BREAKDOWN_TOP_VALUES}`,
    );
    const values = top.map((r) => ({ value: column.type === 'boolean' ? r.value === 'true' : String(r.value), count: Number(r.n) }));
    const shown = values.reduce((sum, v) => sum + v.count, 0);
    return { ...base, kind: 'values', values, others: base.rows - base.empty - shown };
  }
  if (totals.lo === null || totals.lo === undefined) return { ...base, kind: 'histogram', bins: [] };
  const edges = histogramBins(Number(totals.lo), Number(totals.hi), { bins: HISTOGRAM_BINS, whole: column.type !== 'number' });
  const counted = await queryRows(
    connection,
    sql`SELECT least(floor((${value} - ${edges.start}) / ${edges.width}), ${edges.count - 1})::INTEGER AS b, count(*) AS n
        FROM ${relation} AS r WHERE ${col} IS NOT NULL GROUP BY 1`,
  );
  const counts = new Map(counted.map((r) => [Number(r.b), Number(r.n)]));
  return { ...base, kind: 'histogram', bins: edges.bins(column.type).map((bin, i) => ({ ...bin, count: counts.get(i) ?? 0 })) };
}
