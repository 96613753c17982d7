import type { ColumnType } from '../model/column.ts';
import { join, raw, sql, type Sql } from '../sql/sql.ts';
import { duckdbDialect, type Dialect } from '../sql/dialects/index.ts';

/**
 * What an argument must be. `same`: every `same` argument of a call shares one
 * type (integer with number gives number). `digits`: a whole-number literal.
 */
export type ParamKind = 'string' | 'numeric' | 'temporal' | 'boolean' | 'digits' | 'same';

export interface CompileContext {
  /** The run's as-of date, an SQL fragment of type DATE. */
  asOf: Sql;
  /** The SQL engine compiled for (default DuckDB). */
  dialect?: Dialect;
}

export const dialectOf = (ctx: { dialect?: Dialect }): Dialect => ctx.dialect ?? duckdbDialect;

export interface FormulaFunction {
  params: readonly ParamKind[];
  /** Kind of every argument past `params`, for functions taking any number. */
  rest?: 'same';
  /** The fewest arguments the function takes. */
  min: number;
  /** Result type: a fixed type, the shared type of the `same` arguments, or the first argument's. */
  returns: ColumnType | 'same' | 'first';
  /** SQL for the call. Function names are fixed text from this table, never from the formula. */
  toSql: (args: Sql[], ctx: CompileContext) => Sql;
}

const call = (name: string) => (args: Sql[]) => sql`${raw(name)}(${join(args, ', ')})`;

const FUNCTIONS: Record<string, FormulaFunction> = {
  coalesce: { params: [], rest: 'same', min: 1, returns: 'same', toSql: call('coalesce') },
  least: { params: [], rest: 'same', min: 2, returns: 'same', toSql: call('least') },
  greatest: { params: [], rest: 'same', min: 2, returns: 'same', toSql: call('greatest') },
  // Rounding a DOUBLE keeps `round(7, 1)` from returning an integer that claims to be a number.
  round: {
    params: ['numeric', 'digits'],
    min: 1,
    returns: 'number',
    toSql: ([x, digits], ctx) => dialectOf(ctx).round(x, digits ? sql`CAST(${digits} AS INTEGER)` : raw('0')),
  },
  abs: { params: ['numeric'], min: 1, returns: 'first', toSql: call('abs') },
  lower: { params: ['string'], min: 1, returns: 'string', toSql: call('lower') },
  upper: { params: ['string'], min: 1, returns: 'string', toSql: call('upper') },
  length: { params: ['string'], min: 1, returns: 'integer', toSql: call('length') },
  year: { params: ['temporal'], min: 1, returns: 'integer', toSql: ([x], ctx) => dialectOf(ctx).year(x) },
  // Timestamps count by their date, so 23:59 yesterday is one day ago (spec: "Run semantics").
  days_since: {
    params: ['temporal'],
    min: 1,
    returns: 'integer',
    toSql: ([d], ctx) => dialectOf(ctx).daysBetween(sql`CAST(${d} AS DATE)`, ctx.asOf),
  },
  if: {
    params: ['boolean', 'same', 'same'],
    min: 3,
    returns: 'same',
    toSql: ([cond, then, otherwise]) => sql`(CASE WHEN ${cond} THEN ${then} ELSE ${otherwise} END)`,
  },
};

/** Looks a function up by name, ignoring case. Own keys only: `constructor` is no function here. */
export function findFunction(name: string): FormulaFunction | undefined {
  const key = name.toLowerCase();
  return Object.hasOwn(FUNCTIONS, key) ? FUNCTIONS[key] : undefined;
}

export const maxArgs = (fn: FormulaFunction) => (fn.rest ? Infinity : fn.params.length);

export const paramAt = (fn: FormulaFunction, i: number): ParamKind | undefined => fn.params[i] ?? fn.rest;

/** "takes 3 values", "takes 1 or 2 values", "takes at least 2 values". */
export function arityText(fn: FormulaFunction): string {
  const max = maxArgs(fn);
  const values = (n: number) => (n === 1 ? 'value' : 'values');
  if (max === Infinity) return `takes at least ${fn.min} ${values(fn.min)}`;
  if (max === fn.min) return `takes ${max} ${values(max)}`;
  return `takes ${fn.min} ${max === fn.min + 1 ? 'or' : 'to'} ${max} values`;
}
