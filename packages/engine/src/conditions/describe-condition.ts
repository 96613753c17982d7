import { plainNumber } from '../messages/plain-number.ts';
import type { ColumnType } from '../model/column.ts';
import { conditionClauses } from '../describe/describe-rule.ts';
import { conditionRules, eventRules, isGroup, type AggregateFn, type ConditionGroup, type Operator } from './condition.ts';

/** What kind of value an operator compares with (which input the rule builder shows). */
export type ValueKind = 'none' | 'single' | 'list' | 'range' | 'days';

export function valueKind(operator: Operator): ValueKind {
  switch (operator) {
    case 'null':
    case 'notNull':
      return 'none';
    case 'in':
    case 'notIn':
      return 'list';
    case 'between':
    case 'notBetween':
      return 'range';
    case 'withinLastDays':
    case 'notWithinLastDays':
      return 'days';
    default:
      return 'single';
  }
}

const TEMPORAL_WORDS: Partial<Record<Operator, string>> = { '<': 'before', '<=': 'on or before', '>': 'after', '>=': 'on or after' };
const WORDS: Record<Operator, string> = {
  '=': 'is', '!=': 'is not', '<': 'is less than', '<=': 'is at most', '>': 'is more than', '>=': 'is at least',
  contains: 'contains', doesNotContain: 'does not contain', beginsWith: 'starts with', endsWith: 'ends with',
  in: 'is one of', notIn: 'is none of', between: 'is between', notBetween: 'is not between',
  null: 'is empty', notNull: 'is not empty', withinLastDays: 'in the last', notWithinLastDays: 'not in the last',
};

/** Operators in words a marketer uses; dates read "before/after". */
export function operatorLabel(operator: Operator, type?: ColumnType): string {
  if (type === 'date' || type === 'timestamp') return TEMPORAL_WORDS[operator] ?? WORDS[operator];
  return WORDS[operator];
}

/** The per-customer figures over events in words, and what each needs: the aggregate's choices, and a behaviour rule's. */
export const AGGREGATE_FUNCTION_CHOICES: readonly { fn: AggregateFn; label: string; needsColumn: boolean; numeric?: boolean }[] = [
  { fn: 'count', label: 'Number of events', needsColumn: false },
  { fn: 'sum', label: 'Sum of', needsColumn: true, numeric: true },
  { fn: 'avg', label: 'Average of', needsColumn: true, numeric: true },
  { fn: 'min', label: 'Smallest', needsColumn: true },
  { fn: 'max', label: 'Largest', needsColumn: true },
  { fn: 'first', label: 'First (earliest) value of', needsColumn: true },
  { fn: 'last', label: 'Last (latest) value of', needsColumn: true },
  { fn: 'days_since_last', label: 'Days since the last event', needsColumn: false },
  { fn: 'days_since_first', label: 'Days since the first event', needsColumn: false },
];

/** Shortens a one-line summary to `max` characters. */
export const shortText = (text: string, max = 80) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
// Numbers as people write them (never 1e+26); no grouping commas, which would mix with a list's.
const show = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? plainNumber(v, { grouping: false }) : JSON.stringify(v));

function ruleText(rule: { field: string; operator: Operator; value?: unknown }): string {
  const op = operatorLabel(rule.operator);
  switch (valueKind(rule.operator)) {
    case 'none':
      return `${rule.field} ${op}`;
    case 'days':
      return `${rule.field} ${op} ${show(rule.value)} days`;
    case 'range':
      return `${rule.field} ${op} ${Array.isArray(rule.value) ? rule.value.map(show).join('–') : show(rule.value)}`;
    case 'list':
      return `${rule.field} ${op} ${Array.isArray(rule.value) ? rule.value.map(show).join(', ') : show(rule.value)}`;
    default:
      return `${rule.field} ${rule.operator} ${show(rule.value)}`;
  }
}

/** A rule group in one line: its first rule and how many more ("n_orders >= 5 and 2 more"). */
export function conditionText(group: ConditionGroup | undefined): string {
  if (!group || !Array.isArray(group.rules) || group.rules.length === 0) return 'everyone (no rules yet)';
  // Rules on what customers did have no column to show: they read in words ("did not purchase in the last 60 days").
  if (eventRules(group).length) {
    const clauses = conditionClauses(group);
    return `${clauses[0].replace(/^(who|whose) /, '')}${clauses.length > 1 ? ` and ${clauses.length - 1} more` : ''}`;
  }
  const rules = conditionRules(group);
  const nested = group.rules.some(isGroup);
  const first = rules[0] ? ruleText(rules[0]) : '';
  const more = rules.length > 1 ? ` ${nested ? '+' : group.combinator} ${rules.length - 1} more` : '';
  return `${group.not ? 'not ' : ''}${first}${more}`;
}
