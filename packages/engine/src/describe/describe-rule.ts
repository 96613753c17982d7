import { plainNumber } from '../messages/plain-number.ts';
import {
  isBehaviourRule, isGroup, isSequenceRule,
  type Behaviour, type BehaviourRule, type Condition, type ConditionGroup, type ConditionRule, type Operator, type SequenceRule,
} from '../conditions/condition.ts';

/*
 * Condition rules in the words a marketer uses: "whose country is FR",
 * "who did not purchase in the last 60 days". Pure and browser-safe: the
 * node cards, the publish dialog and the explanations all read the same words.
 */

const WORDS: Record<Operator, string> = {
  '=': 'is', '!=': 'is not', '<': 'is less than', '<=': 'is at most', '>': 'is more than', '>=': 'is at least',
  contains: 'contains', doesNotContain: 'does not contain', beginsWith: 'starts with', endsWith: 'ends with',
  in: 'is one of', notIn: 'is none of', between: 'is between', notBetween: 'is not between',
  null: 'is empty', notNull: 'is not empty', withinLastDays: 'is in the last', notWithinLastDays: 'is not in the last',
};

/** An operator in words ("is at least"); `null` reads "is empty". */
export const operatorWords = (operator: Operator): string => WORDS[operator] ?? operator;

/** A column name as words: `last_order_date` reads "last order date". */
export const fieldWords = (field: string): string => field.replace(/_+/g, ' ').trim() || field;

const valueWords = (v: unknown): string => (v === null || v === undefined || v === '' ? '…' : typeof v === 'string' ? v : typeof v === 'number' ? plainNumber(v, { grouping: false }) : JSON.stringify(v));

function comparison(operator: Operator, value: unknown): string {
  const words = operatorWords(operator);
  switch (operator) {
    case 'null':
    case 'notNull':
      return words;
    case 'in':
    case 'notIn':
      return `${words} ${Array.isArray(value) && value.length ? value.map(valueWords).join(', ') : '…'}`;
    case 'between':
    case 'notBetween': {
      const [lo, hi] = Array.isArray(value) ? value : [];
      return `${words} ${valueWords(lo)} and ${valueWords(hi)}`;
    }
    case 'withinLastDays':
    case 'notWithinLastDays':
      return `${words} ${valueWords(value)} days`;
    default:
      return `${words} ${valueWords(value)}`;
  }
}

/** "country is FR" (no pronoun: the caller adds "whose" or "where"). */
export const fieldRuleWords = (rule: ConditionRule): string => `${fieldWords(rule.field)} ${comparison(rule.operator, rule.value)}`;

/**
 * What events a rule counts: a single "type is purchase" rule reads "did purchase";
 * anything else "had an event where amount is at least 50".
 */
export function eventWords(where: ConditionGroup | undefined): { did: string; didNot: string; noun: string } {
  const only = where && !where.not && where.rules.length === 1 ? where.rules[0] : undefined;
  if (only && !isGroup(only) && !isBehaviourRule(only) && !isSequenceRule(only) && only.operator === '=' && typeof only.value === 'string' && only.value)
    return { did: `did ${only.value}`, didNot: `did not ${only.value}`, noun: `${only.value} events` };
  if (!where || where.rules.length === 0) return { did: 'had any event', didNot: 'had no event', noun: 'events' };
  const text = groupWords(where, fieldRuleWords);
  return { did: `had an event where ${text}`, didNot: `had no event where ${text}`, noun: `events where ${text}` };
}

const within = (days: number | undefined) => (days === undefined ? '' : ` in the last ${days} days`);

const FIGURES: Record<Behaviour['fn'], (column: string, noun: string) => string> = {
  count: (_c, noun) => `number of ${noun}`,
  sum: (c, noun) => `total ${c} of ${noun}`,
  avg: (c, noun) => `average ${c} of ${noun}`,
  min: (c, noun) => `lowest ${c} of ${noun}`,
  max: (c, noun) => `highest ${c} of ${noun}`,
  first: (c, noun) => `first ${c} of ${noun}`,
  last: (c, noun) => `latest ${c} of ${noun}`,
  days_since_last: (_c, noun) => `days since the last of ${noun}`,
  days_since_first: (_c, noun) => `days since the first of ${noun}`,
};

/** "who did not purchase in the last 60 days", "whose total amount of purchase events in the last 365 days is more than 500". */
export function behaviourWords(rule: BehaviourRule): string {
  const { fn, column, where, withinDays } = rule.behavior;
  const events = eventWords(where);
  if (rule.operator === 'did') return `who ${events.did}${within(withinDays)}`;
  if (rule.operator === 'didNot') return `who ${events.didNot}${within(withinDays)}`;
  const figure = FIGURES[fn](fieldWords(column ?? ''), events.noun);
  return `whose ${figure}${within(withinDays)} ${comparison(rule.operator, rule.value)}`;
}

/** "who did add_to_cart in the last 7 days and then did not purchase within 2 days". */
export function sequenceWords(rule: SequenceRule): string {
  const { first, lookbackDays, then, withinDays } = rule.sequence;
  const next = eventWords(then);
  return `who ${eventWords(first).did} in the last ${lookbackDays} days and then ${rule.operator === 'notFollowedBy' ? next.didNot : next.did} within ${withinDays} days`;
}

/** A rule with its own pronoun, so rules of every kind join into one sentence. */
export function ruleWords(rule: Condition): string {
  if (isGroup(rule)) return nested(rule, (r) => `whose ${fieldRuleWords(r)}`);
  if (isBehaviourRule(rule)) return behaviourWords(rule);
  if (isSequenceRule(rule)) return sequenceWords(rule);
  return `whose ${fieldRuleWords(rule)}`;
}

/**
 * Rules joined by "and"/"or"; a negated group reads "none of (…)" or "not all of (…)".
 * `fieldRule` words a rule on a column: "whose …" for customers, bare for events.
 */
export function groupWords(group: ConditionGroup, fieldRule: (r: ConditionRule) => string = (r) => `whose ${fieldRuleWords(r)}`): string {
  const one = (c: Condition): string =>
    isGroup(c) ? nested(c, fieldRule) : isBehaviourRule(c) || isSequenceRule(c) ? ruleWords(c) : fieldRule(c);
  const parts = group.rules.map(one);
  const joined = parts.join(group.combinator === 'or' ? ' or ' : ' and ');
  if (!group.not) return joined;
  if (parts.length === 1) return `not ${joined}`;
  return group.combinator === 'or' ? `none of (${parts.join('; ')})` : `not all of (${parts.join('; ')})`;
}

/** A group inside another, in parentheses unless its words bring their own. */
function nested(group: ConditionGroup, fieldRule: (r: ConditionRule) => string): string {
  const words = groupWords(group, fieldRule);
  return group.rules.length === 1 || (group.not && group.rules.length > 1) ? words : `(${words})`;
}

/**
 * A filter's condition as the clauses of "Customers …": the top-level rules of an
 * AND group each make one clause, anything else makes one.
 *
 * @example conditionClauses({ combinator: 'and', rules: [{ field: 'email', operator: 'notNull' }] }) // ['whose email is not empty']
 */
export function conditionClauses(group: ConditionGroup | undefined): string[] {
  if (!group || !Array.isArray(group.rules) || group.rules.length === 0) return [];
  if (group.combinator === 'and' && !group.not) return group.rules.map(ruleWords);
  return [groupWords(group)];
}

/** "Customers whose email is not empty and who did purchase in the last 60 days"; no rules: "All customers". */
export function describeCondition(group: ConditionGroup | undefined): string {
  const clauses = conditionClauses(group);
  return clauses.length ? `Customers ${clauses.join(' and ')}` : 'All customers';
}
