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
