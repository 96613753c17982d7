import { isNumeric, isTemporal, type ColumnType } from '../model/column.ts';
import type { ParamKind } from './functions.ts';

/**
 * The type of a formula part while checking: a column type, `null` for a part
 * that is always empty (the `null` literal, `coalesce(null)`), or `undefined`
 * once a problem was reported for it, so that one mistake gives one problem.
 */
export type FormulaType = ColumnType | 'null' | undefined;

/** The type two values share, e.g. integer and number give number. */
export function commonType(a: ColumnType, b: ColumnType): ColumnType | undefined {
  if (a === b) return a;
  if (isNumeric(a) && isNumeric(b)) return 'number';
  if (isTemporal(a) && isTemporal(b)) return 'timestamp';
  return undefined;
}

/** Whether `=`, `<` and friends may compare the two. */
export const comparable = (a: ColumnType, b: ColumnType) => commonType(a, b) !== undefined;

type CheckedKind = Exclude<ParamKind, 'same' | 'digits'>;

export function accepts(kind: CheckedKind, type: ColumnType): boolean {
  if (kind === 'numeric') return isNumeric(type);
  if (kind === 'temporal') return isTemporal(type);
  return kind === type;
}

/** Words for an error message: "`lower` needs text". */
export const NEEDS: Record<CheckedKind, string> = {
  string: 'text',
  numeric: 'a number',
  temporal: 'a date',
  boolean: 'a true/false value',
};

/** The type a `null` argument takes where a kind is expected, so DuckDB can pick an overload. */
export const NULL_AS: Record<CheckedKind, ColumnType> = {
  string: 'string',
  numeric: 'number',
  temporal: 'date',
  boolean: 'boolean',
};

export const SQL_TYPES: Record<ColumnType, string> = {
  string: 'VARCHAR',
  integer: 'BIGINT',
  number: 'DOUBLE',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
};

/** A value's type in an error message: "`lower` needs text, not a whole number". */
const TYPE_IN_WORDS: Record<string, string> = {
  string: 'text', integer: 'a whole number', number: 'a number', boolean: 'true/false', date: 'a date', timestamp: 'a date and time',
};
export const typeInWords = (type: string) => TYPE_IN_WORDS[type] ?? type;
