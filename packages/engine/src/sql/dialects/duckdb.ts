import type { ColumnType } from '../../model/column.ts';
import { ident, intLiteral, join, raw, sql, type Sql } from '../sql.ts';
import { keptOrder, type Dialect } from './dialect.ts';

const TYPES: Record<ColumnType, string> = {
  string: 'VARCHAR',
  integer: 'BIGINT',
  number: 'DOUBLE',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
};

const timestampList = (texts: Sql) => sql`CAST(CAST(${texts} AS TIMESTAMPTZ[]) AS TIMESTAMP[])`;

/** DuckDB's SQL: what every run, preview and check on files compiles to. */
export const duckdbDialect: Dialect = {
  name: 'duckdb',
  type: (type) => TYPES[type],
  tryCast: (value, sqlType) => sql`TRY_CAST(${value} AS ${raw(sqlType)})`,
  // Through TIMESTAMPTZ, so a value with an offset lands on its UTC time (the session is UTC).
  timestamp: (text) => sql`CAST(CAST(${text} AS TIMESTAMPTZ) AS TIMESTAMP)`,
  timestampList,
  listValues: (texts, type) => sql`SELECT unnest(${type === 'timestamp' ? timestampList(texts) : sql`CAST(${texts} AS ${raw(TYPES[type])}[])`})`,
  // DuckDB's contains/starts_with/ends_with match literally: % and _ are plain characters.
  contains: (text, part) => sql`contains(${text}, ${part})`,
  startsWith: (text, part) => sql`starts_with(${text}, ${part})`,
  endsWith: (text, part) => sql`ends_with(${text}, ${part})`,
  daysBetween: (from, to) => sql`date_diff('day', ${from}, ${to})`,
  year: (value) => sql`year(${value})`,
  round: (value, digits) => sql`round(CAST(${value} AS DOUBLE), ${digits})`,
  splitBucket: (seed, key, buckets) =>
    sql`(CAST('0x' || substr(md5(${seed} || ':' || CAST(${key} AS VARCHAR)), 1, 8) AS UBIGINT) % ${intLiteral(buckets)})`,
  ntile: (buckets) => sql`ntile(CAST(${buckets} AS BIGINT))`,
  firstInOrder: (column, order, filter) => sql`first(${column} ORDER BY ${order})${filter}`,
  starExcept: (alias, _columns, drop) => sql`${alias ? sql`${alias}.*` : raw('*')} EXCLUDE (${join(drop.map(ident), ', ')})`,
  onePerKey: (parts) => {
    const { list, from, where, key, rowOrder } = parts;
    const rows = sql`SELECT ${list} FROM ${from} WHERE ${where}`;
    if (parts.by === undefined) {
      // By file order alone: one narrow GROUP BY picks each key's row, far cheaper than a window over whole rows.
      const pick = sql`SELECT ${raw(parts.keep === 'last' ? 'max' : 'min')}(${rowOrder}) FROM ${from} WHERE ${where} GROUP BY ${ident(key)}`;
      return sql`${rows} AND ${rowOrder} IN (${pick})`;
    }
    return sql`${rows} QUALIFY row_number() OVER (PARTITION BY ${ident(key)} ORDER BY ${keptOrder(parts, ident, rowOrder)}) = 1`;
  },
  withoutMatches: (keep, misses) => {
    const antiJoins = misses.map((m, i) => {
      const alias = ident(`m${i}`);
      return sql`ANTI JOIN ${m.from} AS ${alias} ON ${alias}.${ident(m.key)} = t.${ident(keep.key)}`;
    });
    return sql`SELECT t.* FROM ${keep.from} AS t ${join(antiJoins, ' ')}`;
  },
};
