import type { ColumnType } from '../../model/column.ts';
import { ident, intLiteral, join, raw, sql, type Sql } from '../sql.ts';
import { keptOrder, withoutMatchesNotExists, type Dialect } from './dialect.ts';

const TYPES: Record<ColumnType, string> = {
  string: 'VARCHAR',
  integer: 'BIGINT',
  number: 'DOUBLE PRECISION',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
};

const timestampList = (texts: Sql) => sql`CAST(CAST(${texts} AS TIMESTAMPTZ[]) AS TIMESTAMP[])`;

/**
 * PostgreSQL's SQL (version 13 and later), for workflows whose sources are
 * tables of one connection. The session runs in UTC (warehouse-session.ts).
 */
export const postgresDialect: Dialect = {
  name: 'postgres',
  type: (type) => TYPES[type],
  // No TRY_CAST in PostgreSQL: a value that is not of the declared type fails the statement.
  tryCast: (value, sqlType) => sql`CAST(${value} AS ${raw(sqlType)})`,
  timestamp: (text) => sql`CAST(CAST(${text} AS TIMESTAMPTZ) AS TIMESTAMP)`,
  timestampList,
  listValues: (texts, type) => sql`SELECT unnest(${type === 'timestamp' ? timestampList(texts) : sql`CAST(${texts} AS ${raw(TYPES[type])}[])`})`,
  // strpos and a compared suffix, not LIKE: % and _ in the value stay plain characters.
  contains: (text, part) => sql`(strpos(${text}, ${part}) > 0)`,
  startsWith: (text, part) => sql`starts_with(${text}, ${part})`,
  endsWith: (text, part) => sql`(right(${text}, length(${part})) = ${part})`,
  daysBetween: (from, to) => sql`(${to} - ${from})`,
  year: (value) => sql`CAST(extract(year FROM ${value}) AS BIGINT)`,
  // round(double, int) does not exist, and round(double) rounds half to even: through NUMERIC, half away from zero like DuckDB.
  round: (value, digits) => sql`CAST(round(CAST(${value} AS NUMERIC), ${digits}) AS DOUBLE PRECISION)`,
  // The 8 hex digits as BIT(32), then BIGINT: an unsigned value, as DuckDB's UBIGINT.
  splitBucket: (seed, key, buckets) =>
    sql`(CAST(CAST('x' || substr(md5(CAST(${seed} AS VARCHAR) || ':' || CAST(${key} AS VARCHAR)), 1, 8) AS BIT(32)) AS BIGINT) % ${intLiteral(buckets)})`,
  ntile: (buckets) => sql`ntile(CAST(${buckets} AS INTEGER))`,
  firstInOrder: (column, order, filter) => sql`(array_agg(${column} ORDER BY ${order})${filter})[1]`,
  starExcept: (alias, columns, drop) =>
    join(columns.filter((c) => !drop.includes(c)).map((c) => (alias ? sql`${alias}.${ident(c)}` : ident(c))), ', '),
  onePerKey: (parts) => {
    // One scan and one sort: a semi-join on min(ctid) ran as one row lookup per customer, a window as a sort and a filter.
    // Names are qualified: a bare name in DISTINCT ON or ORDER BY would mean the list's column of that name (maybe cast), not the row's.
    const column = (name: string) => sql`__segflow_keyed.${ident(name)}`;
    const rows = sql`(SELECT *, ${parts.rowOrder} AS __segflow_order FROM ${parts.from} WHERE ${parts.where}) AS __segflow_keyed`;
    return sql`SELECT DISTINCT ON (${column(parts.key)}) ${parts.list} FROM ${rows} ORDER BY ${column(parts.key)}, ${keptOrder(parts, column, column('__segflow_order'))}`;
  },
  withoutMatches: withoutMatchesNotExists,
};
