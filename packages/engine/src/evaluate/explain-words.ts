import type { ColumnType } from '../model/column.ts';
import { toJson, type Value } from './values.ts';

/** A value as a marketer reads it: numbers as they are, text in quotes, "empty" for null. */
export function describeValue(value: Value, type: ColumnType): string {
  if (value === null) return 'empty';
  if (type === 'string') return JSON.stringify(value);
  if (typeof value === 'number' && !Number.isInteger(value)) return String(Number(value.toFixed(6)));
  return String(toJson(value, type));
}

const literal = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : String(v));
const list = (v: unknown) => (Array.isArray(v) ? v.map(literal).join(', ') : literal(v));
const pair = (v: unknown) => (Array.isArray(v) ? `${literal(v[0])} and ${literal(v[1])}` : literal(v));

/** What a rule asks for, in words: "more than 500", "one of "FR", "DE"". */
export function ruleNeeds(operator: string, value: unknown): string {
  switch (operator) {
    case '=': return `to be ${literal(value)}`;
    case '!=': return `not to be ${literal(value)}`;
    case '<': return `less than ${literal(value)}`;
    case '<=': return `at most ${literal(value)}`;
    case '>': return `more than ${literal(value)}`;
    case '>=': return `at least ${literal(value)}`;
    case 'contains': return `to contain ${literal(value)}`;
    case 'doesNotContain': return `not to contain ${literal(value)}`;
    case 'beginsWith': return `to begin with ${literal(value)}`;
    case 'endsWith': return `to end with ${literal(value)}`;
    case 'in': return `one of ${list(value)}`;
    case 'notIn': return `none of ${list(value)}`;
    case 'between': return `between ${pair(value)}`;
    case 'notBetween': return `outside ${pair(value)}`;
    case 'null': return 'to be empty';
    case 'notNull': return 'to have a value';
    case 'withinLastDays': return `to be within the last ${literal(value)} days`;
    case 'notWithinLastDays': return `not to be within the last ${literal(value)} days`;
    default: return `${operator} ${list(value)}`;
  }
}
