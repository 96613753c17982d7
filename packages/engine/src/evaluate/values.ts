import type { ColumnType } from '../model/column.ts';

/**
 * A value while one customer is evaluated. Dates and timestamps are
 * milliseconds since 1970-01-01 UTC (a date is its midnight), so they compare
 * with each other as DuckDB compares a DATE with a TIMESTAMP.
 */
export type Value = string | number | boolean | null;
export type Row = Record<string, Value>;

export const DAY_MS = 86_400_000;

/** The UTC day number of a date or timestamp value: day counts are differences of these. */
export const dayOf = (ms: number) => Math.floor(ms / DAY_MS);

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/**
 * A calendar day's UTC midnight, or undefined for no such day. Years below
 * 100 are refused: Date.UTC would read them as 19xx (a round trip through
 * Date refused them before; this is the same rule without making a Date per
 * value, which thousands of events a second pay for).
 */
function calendarDay(y: number, mo: number, d: number): number | undefined {
  if (y < 100 || mo < 1 || mo > 12 || d < 1) return undefined;
  if (d > (mo === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[mo - 1])) return undefined;
  return daysFromCivil(y, mo, d) * DAY_MS;
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date, by arithmetic (the
 * well-known era algorithm): what Date.UTC gives divided by a day, without
 * the call, for every timestamp of every event read.
 */
export function daysFromCivil(y: number, mo: number, d: number): number {
  const year = mo <= 2 ? y - 1 : y;
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const dayOfYear = Math.floor((153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5) + d - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** `YYYY-MM-DD` as its UTC midnight, or undefined when it is no calendar date. */
export function parseDate(text: string): number | undefined {
  const m = DATE.exec(text);
  return m ? calendarDay(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
}

/** The number written by `count` digits from `at`, or -1 when one of them is no digit. */
function digitsAt(text: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * `YYYY-MM-DDTHH:MM:SSZ` and `YYYY-MM-DDTHH:MM:SS.mmmZ` (what JavaScript's
 * toISOString writes), the forms sites send most, read without the regular
 * expression; undefined for any other form (the expression reads those).
 */
export function plainUtcTimestamp(text: string): number | undefined {
  const length = text.length;
  if ((length !== 20 && length !== 24) || text[4] !== '-' || text[7] !== '-' || text[13] !== ':' || text[16] !== ':') return undefined;
  const t = text[10];
  const z = text[length - 1];
  if ((t !== 'T' && t !== 't' && t !== ' ') || (z !== 'Z' && z !== 'z')) return undefined;
  const ms = length === 24 ? (text[19] === '.' ? digitsAt(text, 20, 3) : -1) : 0;
  const y = digitsAt(text, 0, 4);
  const mo = digitsAt(text, 5, 2);
  const d = digitsAt(text, 8, 2);
  const h = digitsAt(text, 11, 2);
  const min = digitsAt(text, 14, 2);
  const s = digitsAt(text, 17, 2);
  if (ms < 0 || y < 0 || mo < 0 || d < 0 || h < 0 || min < 0 || s < 0 || h > 23 || min > 59 || s > 59) return undefined;
  const day = calendarDay(y, mo, d);
  return day === undefined ? undefined : day + ((h * 60 + min) * 60 + s) * 1000 + ms;
}

/** ISO 8601 as UTC milliseconds; without an offset the time is taken as UTC (a TIMESTAMP column has no zone). */
export function parseTimestamp(text: string): number | undefined {
  return plainUtcTimestamp(text) ?? anyIsoTimestamp(text);
}

/** Every ISO 8601 form the API takes, through the regular expression (the plain forms' fast path must agree with it). */
export function anyIsoTimestamp(text: string): number | undefined {
  const m = TIMESTAMP.exec(text);
  if (!m) return undefined;
  const day = calendarDay(Number(m[1]), Number(m[2]), Number(m[3]));
  if (day === undefined) return undefined;
  const h = m[4] === undefined ? 0 : Number(m[4]);
  const min = m[5] === undefined ? 0 : Number(m[5]);
  const s = m[6] === undefined ? 0 : Number(m[6]);
  if (h > 23 || min > 59 || s > 59) return undefined;
  const fraction = m[7] ? Math.floor(Number(m[7]) * 1000) : 0;
  let offset = 0;
  const zone = m[8];
  if (zone && zone !== 'Z' && zone !== 'z') {
    const digits = zone.slice(1).replace(':', '');
    offset = (zone[0] === '-' ? -1 : 1) * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0)) * 60_000;
  }
  return day + ((h * 60 + min) * 60 + s) * 1000 + fraction - offset;
}

/**
 * A JSON value as the given column type, or undefined when it is not JSON of
 * that type (spec: numbers, true/false, "YYYY-MM-DD", ISO 8601; no coercion).
 */
export function fromJson(value: unknown, type: ColumnType): Value | undefined {
  if (value === null) return null;
  switch (type) {
    case 'string': return typeof value === 'string' ? value : undefined;
    case 'integer': return typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined;
    case 'number': return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
    case 'boolean': return typeof value === 'boolean' ? value : undefined;
    case 'date': return typeof value === 'string' ? parseDate(value) : undefined;
    case 'timestamp': return typeof value === 'string' ? parseTimestamp(value) : undefined;
  }
}

/** A value back as JSON of its column type: dates `YYYY-MM-DD`, timestamps ISO 8601 in UTC. */
export function toJson(value: Value, type: ColumnType): unknown {
  if (value === null || typeof value !== 'number') return value;
  if (type === 'date') return new Date(value).toISOString().slice(0, 10);
  if (type === 'timestamp') return new Date(value).toISOString();
  return value;
}

/** Words for a type in a problem a user reads. */
export const TYPE_WORDS: Record<ColumnType, string> = {
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  date: 'a date like "2024-06-30"',
  timestamp: 'a time like "2024-06-30T12:00:00Z"',
};

/** Orders two non-null values of one type as SQL does (strings by code unit, false before true). */
export const compareValues = (a: Value, b: Value): number => (a! < b! ? -1 : a! > b! ? 1 : 0);

/**
 * A row as DuckDB hands it over as JSON (BIGINT and DECIMAL as text, dates
 * `YYYY-MM-DD`, timestamps `YYYY-MM-DD HH:MM:SS`) in the evaluator's form.
 */
export function fromStoredRow(row: Record<string, unknown>, columns: readonly { name: string; type: ColumnType }[]): Row {
  const out: Row = {};
  for (const { name, type } of columns) {
    const v = row[name];
    if (v === null || v === undefined) out[name] = null;
    else if (type === 'integer' || type === 'number') out[name] = Number(v);
    else if (type === 'date') out[name] = parseDate(String(v).slice(0, 10)) ?? null;
    else if (type === 'timestamp') out[name] = parseTimestamp(String(v)) ?? null;
    else out[name] = v as Value;
  }
  return out;
}
