import { plainNumber } from '../messages/plain-number.ts';
import type { ColumnType } from '../model/column.ts';
import { isFieldRule, isGroup, type Behaviour, type BehaviourRule, type Condition, type ConditionGroup, type SequenceRule } from '../conditions/condition.ts';
import { toJson, type Value } from './values.ts';

/** A value as a marketer reads it: numbers as they are, text in quotes, "empty" for null. */
export function describeValue(value: Value, type: ColumnType): string {
  if (value === null) return 'empty';
  if (type === 'string') return JSON.stringify(value);
  if (typeof value === 'number' && !Number.isInteger(value)) return String(Number(value.toFixed(6)));
  return String(toJson(value, type));
}

const literal = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : typeof v === 'number' ? plainNumber(v, { grouping: false }) : String(v));
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

/* ---- Behaviour and sequence rules: what the customer did, in words. ---- */

/** What a column rule says of a value: "is more than 500", "contains "x"". */
function ruleSays(operator: string, value: unknown): string {
  switch (operator) {
    case '=': return `is ${literal(value)}`;
    case '!=': return `is not ${literal(value)}`;
    case 'contains': return `contains ${literal(value)}`;
    case 'doesNotContain': return `does not contain ${literal(value)}`;
    case 'beginsWith': return `begins with ${literal(value)}`;
    case 'endsWith': return `ends with ${literal(value)}`;
    case 'notNull': return 'has a value';
    case 'notWithinLastDays': return `is not within the last ${literal(value)} days`;
    default: return `is ${ruleNeeds(operator, value).replace(/^to be /, '')}`;
  }
}

/** A condition on events in words: `kind is "buy" and amount is at least 50`. */
export function describeCondition(condition: Condition): string {
  if (!isGroup(condition)) return isFieldRule(condition) ? `${condition.field} ${ruleSays(condition.operator, condition.value)}` : 'a rule on events';
  const parts = condition.rules.map((r) => (isGroup(r) && r.rules.length > 1 && !r.not ? `(${describeCondition(r)})` : describeCondition(r)));
  const body = parts.join(condition.combinator === 'and' ? ' and ' : ' or ');
  return condition.not ? `not (${body || 'anything'})` : body;
}

/** "event where kind is "buy"", or "event" for any event. */
const eventWhere = (condition: ConditionGroup | undefined, plural = false) => {
  const words = condition ? describeCondition(condition) : '';
  return `${plural ? 'events' : 'event'}${words ? ` where ${words}` : ''}`;
};

const dayCount = (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`;
const lastDays = (n: number | undefined) => (n === undefined ? '' : n === 0 ? ' on the as-of date' : ` in the last ${dayCount(n)}`);
const withinDays = (n: number) => (n === 0 ? 'on the same day' : `within ${dayCount(n)}`);

/** The figure a behaviour rule compares: "total amount", "days since the latest event". */
function figureName({ fn, column }: Behaviour): string {
  switch (fn) {
    case 'count': return 'number of events';
    case 'sum': return `total ${column}`;
    case 'avg': return `average ${column}`;
    case 'min': return `lowest ${column}`;
    case 'max': return `highest ${column}`;
    case 'first': return `first ${column}`;
    case 'last': return `latest ${column}`;
    case 'days_since_last': return 'days since the latest event';
    case 'days_since_first': return 'days since the first event';
  }
}

/** What a behaviour rule needs: `did` / `didNot` in words, or as a column rule. */
const behaviourNeeds = (operator: string, value: unknown) =>
  operator === 'did' ? 'at least 1' : operator === 'didNot' ? 'none' : ruleNeeds(operator, value);

/** What a behaviour rule looks at, for explanations: "total amount of events where kind is "buy" in the last 90 days". */
export function behaviourSubject(behavior: Behaviour): string {
  const within = lastDays(behavior.withinDays);
  if (behavior.fn === 'count') return `number of ${eventWhere(behavior.where, true)}${within}`;
  if (behavior.fn === 'days_since_last' || behavior.fn === 'days_since_first')
    return `${figureName(behavior).replace(/event$/, eventWhere(behavior.where))}${within}`;
  return `${figureName(behavior)} of ${eventWhere(behavior.where, true)}${within}`;
}

/**
 * A behaviour rule's sentence: "had 1 event where kind is "buy" in the last
 * 90 days; needs at least 2", "total amount of events is 412.5; needs more than 500".
 */
export function describeBehaviour(rule: BehaviourRule, figure: Value, type: ColumnType): string {
  const { behavior } = rule;
  const needs = `; needs ${behaviourNeeds(rule.operator, rule.value)}`;
  const within = lastDays(behavior.withinDays);
  if (behavior.fn === 'count') {
    const n = figure as number;
    return `had ${n} ${eventWhere(behavior.where, n !== 1)}${within}${needs}`;
  }
  if (figure === null) return `had no ${eventWhere(behavior.where)}${within}, so no ${figureName(behavior)}${needs}`;
  return `${behaviourSubject(behavior)} is ${describeValue(figure, type)}${needs}`;
}

/** A time of an event: its date, and for timestamps the time of day in UTC as well. */
const describeTime = (ms: number, type: ColumnType) =>
  type === 'timestamp' ? `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC` : new Date(ms).toISOString().slice(0, 10);

/** What the customer did that a sequence rule looks at: the anchor and the first event after it, if any. */
export interface SequenceOutcome {
  anchor: number | null;
  next: number | null;
}

/**
 * A sequence rule's sentence: "an event where kind is "cart" on 2022-06-20 and
 * no event where kind is "buy" within 2 days after it; needs none", "an event
 * where kind is "cart" on 2022-06-20, then an event where kind is "buy" on
 * 2022-06-21; needs one within 2 days".
 */
export function describeSequence(rule: SequenceRule, { anchor, next }: SequenceOutcome, type: ColumnType): string {
  const { first, then, lookbackDays } = rule.sequence;
  const within = withinDays(rule.sequence.withinDays);
  const followed = rule.operator === 'followedBy';
  if (anchor === null)
    return `no ${eventWhere(first)}${lastDays(lookbackDays)}; needs one, ${followed ? 'then an' : 'and after it no'} ${eventWhere(then)} ${within}`;
  const start = `an ${eventWhere(first)} on ${describeTime(anchor, type)}`;
  const needs = `; needs ${followed ? 'one' : 'none'}`;
  if (next !== null) return `${start}, then an ${eventWhere(then)} on ${describeTime(next, type)}${needs} ${within}`;
  return `${start} and no ${eventWhere(then)} ${within} after it${needs}`;
}
