import { isFieldRule, type AggregateFn, type BehaviourRule, type ConditionGroup, type Operator, type SequenceRule } from '@segflow/engine';
import { newId, type FieldOption } from './rule-logic.ts';

/*
 * Behaviour and sequence rules as a marketer builds them: "did / did not <event>",
 * "<figure> of <column> for <event> in the last N days", "did A, then (not) B
 * within N days". An event is "<field> is <value>" over the events' columns, or
 * any event; richer event conditions are kept as they are.
 */

/** How a behaviour rule row reads: the shorthands, then the figures. */
export type BehaviourMode = 'did' | 'didNot' | 'count' | 'sum' | 'avg' | 'max' | 'min';

export const BEHAVIOUR_MODES: { mode: BehaviourMode; label: string; needsColumn: boolean }[] = [
  { mode: 'did', label: 'did', needsColumn: false },
  { mode: 'didNot', label: 'did not', needsColumn: false },
  { mode: 'count', label: 'number of', needsColumn: false },
  { mode: 'sum', label: 'total', needsColumn: true },
  { mode: 'avg', label: 'average', needsColumn: true },
  { mode: 'max', label: 'highest', needsColumn: true },
  { mode: 'min', label: 'lowest', needsColumn: true },
];

const NUMERIC = new Set(['integer', 'number']);

/** The events' column naming what happened ("event_type"), else their first text column. */
export function eventTypeColumn(fields: readonly FieldOption[]): string | undefined {
  const text = fields.filter((f) => f.type === 'string');
  return (text.find((f) => /type|event|action|kind/i.test(f.name)) ?? text[0])?.name;
}

export const numericColumns = (fields: readonly FieldOption[]) => fields.filter((f) => NUMERIC.has(f.type));

/** "<field> is <value>" when the event condition is that simple; null when it is richer. */
export function simpleEvent(where: ConditionGroup | undefined): { field: string; value: string } | null | undefined {
  if (!where || where.rules.length === 0) return undefined;
  const only = where.rules.length === 1 && !where.not ? where.rules[0] : undefined;
  if (only && isFieldRule(only) && only.operator === '=' && typeof only.value === 'string') return { field: only.field, value: only.value };
  return null;
}

/** An event condition for "<field> is <value>"; no value means any event. */
export const eventWhere = (field: string | undefined, value: string): ConditionGroup | undefined =>
  field && value ? { combinator: 'and', rules: [{ field, operator: '=', value }] } : undefined;

export function behaviourMode(rule: BehaviourRule): BehaviourMode {
  if (rule.operator === 'did' || rule.operator === 'didNot') return rule.operator;
  const fn = rule.behavior.fn;
  return BEHAVIOUR_MODES.some((m) => m.mode === fn) ? (fn as BehaviourMode) : 'count';
}

/** Switching mode keeps the event and the window; figures get a column and a comparison. */
export function changeMode(rule: BehaviourRule, mode: BehaviourMode, eventFields: readonly FieldOption[]): BehaviourRule {
  const { where, withinDays } = rule.behavior;
  const keep = { ...(where ? { where } : {}), ...(withinDays === undefined ? {} : { withinDays }) };
  if (mode === 'did' || mode === 'didNot') return { id: rule.id, behavior: { fn: 'count', ...keep }, operator: mode };
  const needsColumn = BEHAVIOUR_MODES.find((m) => m.mode === mode)!.needsColumn;
  const column = needsColumn ? (rule.behavior.column ?? numericColumns(eventFields)[0]?.name) : undefined;
  const comparison: { operator: Operator; value: unknown } =
    rule.operator === 'did' || rule.operator === 'didNot' ? { operator: mode === 'count' ? '>=' : '>', value: mode === 'count' ? 1 : null } : { operator: rule.operator, value: rule.value };
  return { id: rule.id, behavior: { fn: mode as AggregateFn, ...(column ? { column } : {}), ...keep }, ...comparison };
}

/** "did … in the last 30 days", or "total … in the last 365 days is more than …". */
export function newBehaviourRule(mode: 'did' | 'sum', eventFields: readonly FieldOption[]): BehaviourRule {
  const did: BehaviourRule = { id: newId(), behavior: { fn: 'count', withinDays: mode === 'did' ? 30 : 365 }, operator: 'did' };
  return mode === 'did' ? did : changeMode(did, 'sum', eventFields);
}

export function newSequenceRule(): SequenceRule {
  const any: ConditionGroup = { combinator: 'and', rules: [] };
  return { id: newId(), sequence: { first: any, lookbackDays: 7, then: any, withinDays: 2 }, operator: 'notFollowedBy' };
}

/** Days typed into a box: empty means "ever" (no window), anything else a whole number of days. */
export function parseDays(text: string): number | undefined {
  const n = Number(text);
  return text.trim() === '' || !Number.isFinite(n) ? undefined : Math.max(0, Math.round(n));
}
