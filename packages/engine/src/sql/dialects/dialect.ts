import type { ColumnType } from '../../model/column.ts';
import { ident, join, raw, sql, type Sql } from '../sql.ts';

/**
 * What differs between the SQL engines a workflow compiles to. Node kinds,
 * conditions and formulas write portable SQL (CASE, COALESCE, joins, window
 * functions, FILTER clauses) and ask the dialect for everything else, so a
 * new engine (Redshift, Snowflake, BigQuery) is one more file beside
 * `duckdb.ts` and `postgres.ts` (see the engine README, "SQL dialects").
 */
export interface Dialect {
  /** Shown in messages and used in tests: `duckdb`, `postgres`. */
  readonly name: string;
  /** The SQL type holding values of a workflow column type. */
  type(type: ColumnType): string;
  /**
   * A value read as the SQL type `sqlType` (one of `type`'s, or TIMESTAMPTZ): NULL when it cannot be (DuckDB's TRY_CAST). An
   * engine without a safe cast may cast plainly: a bad value then fails the run.
   */
  tryCast(value: Sql, sqlType: string): Sql;
  /** A text value cast from an ISO text with or without an offset, as a UTC timestamp (without time zone). */
  timestamp(text: Sql): Sql;
  /** The same for a bound list of texts (an array of timestamps). */
  timestampList(texts: Sql): Sql;
  /** Every value of a bound list of texts (see `textList`) cast to `type`, as a one-column SELECT. */
  listValues(texts: Sql, type: ColumnType): Sql;
  /** Literal text search: `%` and `_` are plain characters. */
  contains(text: Sql, part: Sql): Sql;
  startsWith(text: Sql, part: Sql): Sql;
  endsWith(text: Sql, part: Sql): Sql;
  /** Whole days from the date `from` to the date `to` (both SQL DATE). */
  daysBetween(from: Sql, to: Sql): Sql;
  /** The calendar year of a date or timestamp, as an integer. */
  year(value: Sql): Sql;
  /** A number rounded to `digits` (an INTEGER expression) decimals, half away from zero, as the number type. */
  round(value: Sql, digits: Sql): Sql;
  /**
   * The split's bucket of a customer: md5 of the text `seed:key`, its first 8
   * hex digits read as an unsigned number, modulo `buckets`. Every dialect
   * must give the buckets of `splitGroup` (split-assignment.ts).
   */
  splitBucket(seed: string, key: Sql, buckets: number): Sql;
  /** ntile over `buckets` (a whole number) as a window function head (OVER follows). */
  ntile(buckets: number): Sql;
  /** The first value of `column` in `order` among the group's rows passing `filter` (nulls included). */
  firstInOrder(column: Sql, order: Sql, filter: Sql): Sql;
  /**
   * `alias.*` without `drop`: `columns` are every column of the relation (some
   * engines cannot exclude from `*`, they list the rest).
   */
  starExcept(alias: Sql | null, columns: readonly string[], drop: readonly string[]): Sql;
  /**
   * `SELECT list FROM from WHERE where`, one row per key: a source's dedupe.
   * Which row stays decides which answers a workflow gives, so every dialect
   * keeps the same one (see `keptOrder`); how it finds it is the engine's
   * fastest way (DuckDB: a narrow GROUP BY or QUALIFY; PostgreSQL: DISTINCT ON).
   */
  onePerKey(parts: OnePerKey): Sql;
  /**
   * `SELECT t.*` of `keep` (aliased `t`) without the rows whose key is in any
   * of `misses`: DuckDB's ANTI JOIN (a plain hash join, where a correlated NOT
   * EXISTS becomes a slower delim join), NOT EXISTS elsewhere.
   */
  withoutMatches(keep: KeyedRelation, misses: readonly KeyedRelation[]): Sql;
}

/** A relation and the name of its key column. */
export interface KeyedRelation {
  from: Sql;
  key: string;
}

/** A source's rows and which of each key's rows stays. */
export interface OnePerKey {
  /** Expressions over `from`'s columns, each named. */
  list: Sql;
  from: Sql;
  where: Sql;
  /** Column names of `from`. */
  key: string;
  /** `from`'s storage order: what "first in the file" means. */
  rowOrder: Sql;
  /** The first or the last row by `by` (nulls after the rest) when given, then by storage order. */
  keep: 'first' | 'last';
  by?: string;
}

/** The order in which a key's row that stays comes first; `column` qualifies a column name when the dialect must. */
export function keptOrder(parts: OnePerKey, column: (name: string) => Sql, rowOrder: Sql): Sql {
  const direction = raw(parts.keep === 'last' ? 'DESC' : 'ASC');
  return parts.by === undefined ? sql`${rowOrder} ${direction}` : sql`${column(parts.by)} ${direction} NULLS LAST, ${rowOrder} ${direction}`;
}

/** The portable form of `withoutMatches`: one NOT EXISTS per removed relation. */
export function withoutMatchesNotExists(keep: KeyedRelation, misses: readonly KeyedRelation[]): Sql {
  const conditions = misses.map((m, i) => {
    const alias = ident(`m${i}`);
    return sql`NOT EXISTS (SELECT 1 FROM ${m.from} AS ${alias} WHERE ${alias}.${ident(m.key)} = t.${ident(keep.key)})`;
  });
  return sql`SELECT t.* FROM ${keep.from} AS t WHERE ${join(conditions, ' AND ')}`;
}
