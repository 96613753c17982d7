import type { Column, ColumnType, Schema } from '../model/column.ts';

/** A population schema for formula tests: one column of each type, plus awkward names. */
export const COLUMNS: Record<string, ColumnType> = {
  id: 'string',
  a: 'integer',
  b: 'integer',
  x: 'number',
  s: 'string',
  d: 'date',
  ts: 'timestamp',
  flag: 'boolean',
  'Total Spend': 'number',
  'a"; DROP': 'integer',
};

export const schema: Schema = {
  kind: 'population',
  key: 'id',
  columns: Object.entries(COLUMNS).map(([name, type]): Column => ({ name, type, origin: 'src' })),
};

/**
 * The rows formula tests run on, as a DuckDB table `t` of `schema`: one with a value
 * in every column, one with nulls in every column but the key.
 */
export const TEST_TABLE_SQL = `
  CREATE TABLE t (id VARCHAR, a BIGINT, b BIGINT, x DOUBLE, s VARCHAR, d DATE, ts TIMESTAMP, flag BOOLEAN,
                  "Total Spend" DOUBLE, "a""; DROP" BIGINT);
  INSERT INTO t VALUES
    ('c1', 7, 0, 2.5, 'Hello', DATE '2024-01-15', TIMESTAMP '2024-02-28 23:30:00', true, 100.5, 3),
    ('c2', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);`;
