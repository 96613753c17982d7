import {
  compileComparison, compileCondition, eventRules, isBehaviourRule, isEventRule, isGroup, checkCondition, checkRuleValue,
  type BehaviourRule, type Condition, type ConditionGroup, type EventRule,
} from '../conditions/index.ts';
import { findColumn, keyType, type Schema } from '../model/column.ts';
import { error, type Problem } from '../model/problem.ts';
import { ident, raw, sql, type Sql } from '../sql/sql.ts';
import { checkColumn, resultType } from './aggregate.node.ts';
import { columnTypes } from './column-types.ts';
import type { Relation } from './define-node.ts';
import { summarySql, summaryValue, type SummaryStep } from './event-summary.ts';
import { duckdbDialect, type Dialect } from '../sql/dialects/index.ts';

/**
 * A filter's behaviour and sequence rules: each is one value of the
 * customer's events summary (event-summary.ts), the filter joins that
 * summary and compares. The id of a rule's value: the filter's id and the
 * rule's place among them (a "." never occurs in a node id, so no clash).
 */
export const eventRuleStepId = (filterId: string, index: number) => `${filterId}.rule${index}`;

export function eventRuleSteps(filterId: string, condition: Condition): SummaryStep[] {
  return eventRules(condition).map((rule, i) =>
    isBehaviourRule(rule) ? { nodeId: eventRuleStepId(filterId, i), config: rule.behavior } : { nodeId: eventRuleStepId(filterId, i), sequence: rule.sequence });
}

const describeBehaviour = (rule: BehaviourRule) =>
  rule.behavior.column ? `${rule.behavior.fn} of ${rule.behavior.column}` : rule.behavior.fn === 'count' ? 'number of events' : rule.behavior.fn.replaceAll('_', ' ');

/** Column rules inside a behaviour's `where` or a sequence's `first`/`then`: on the events' columns, no event rules. */
function checkEventCondition(condition: ConditionGroup, events: Schema, nodeId: string, path: string): Problem[] {
  return condition.rules.flatMap((rule, i): Problem[] => {
    const at = `${path}.rules[${i}]`;
    if (isGroup(rule)) return checkEventCondition(rule, events, nodeId, at);
    if (isEventRule(rule))
      return [error('invalid_config', 'A rule on events cannot itself be a behaviour or sequence rule.', { nodeId, field: at })];
    return checkCondition(rule, events, nodeId).map((p) =>
      p.code === 'unknown_field' ? { ...p, message: `The events have no column "${rule.field}".`, field: `${at}.field` } : { ...p, field: `${at}.field` });
  });
}

function checkEventRule(rule: EventRule, events: Schema, nodeId: string, path: string): Problem[] {
  if (!isBehaviourRule(rule)) {
    const { first, then } = rule.sequence;
    return [...checkEventCondition(first, events, nodeId, `${path}.sequence.first`), ...checkEventCondition(then, events, nodeId, `${path}.sequence.then`)];
  }
  const { behavior, operator } = rule;
  const problems = checkColumn(behavior, events, nodeId, `${path}.behavior.column`);
  if (behavior.where) problems.push(...checkEventCondition(behavior.where, events, nodeId, `${path}.behavior.where`));
  if (operator === 'did' || operator === 'didNot') {
    if (behavior.fn !== 'count') problems.push(error('invalid_config', `"${operator === 'did' ? 'did' : 'did not'}" counts events: use it with the count.`, { nodeId, field: `${path}.operator` }));
    if (rule.value !== undefined) problems.push(error('invalid_config', `"${operator === 'did' ? 'did' : 'did not'}" takes no value.`, { nodeId, field: `${path}.value` }));
    return problems;
  }
  if (problems.length) return problems;
  const type = resultType(behavior.fn, behavior.column === undefined ? undefined : findColumn(events, behavior.column)?.type);
  return checkRuleValue({ field: describeBehaviour(rule), operator, value: rule.value }, type, { nodeId, field: `${path}.value` });
}

/**
 * Every behaviour and sequence rule of a filter's condition, with the path to
 * the rule in problems (`condition.rules[1].behavior.column`): the events
 * input they need, and their settings against the events' columns.
 */
export function checkEventRules(condition: ConditionGroup, input: Schema, events: Schema | undefined, nodeId: string, path = 'condition'): Problem[] {
  const problems: Problem[] = [];
  addEventRuleProblems(condition, events, nodeId, path, problems);
  return problems;
}

// One list filled along the walk, and a rule's path spelled out only for the rules this checks: most rules are on columns.
function addEventRuleProblems(condition: ConditionGroup, events: Schema | undefined, nodeId: string, path: string, problems: Problem[]): void {
  for (let i = 0; i < condition.rules.length; i++) {
    const rule = condition.rules[i];
    if (!isGroup(rule) && !isEventRule(rule)) continue;
    const at = `${path}.rules[${i}]`;
    if (isGroup(rule)) addEventRuleProblems(rule, events, nodeId, at, problems);
    else if (!events) problems.push(error('missing_input', 'This rule looks at what customers did: connect their events to the filter\'s "Events" input.', { nodeId, field: at }));
    else for (const problem of checkEventRule(rule, events, nodeId, at)) problems.push(problem);
  }
}

/** The key types of the customers and their events must match for the summary to join. */
export function checkEventKeys(input: Schema, events: Schema, nodeId: string): Problem[] {
  return keyType(input) === keyType(events) ? [] : [error('type_mismatch', `Customer keys are ${keyType(input)} but event keys are ${keyType(events)}.`, { nodeId })];
}

/** A summary of the events with the filter's rules' values, or a table holding one (lean runs). */
export interface EventsSummary {
  events: Schema;
  from: Sql;
}

/** The summary the filter computes itself from its events input. */
export function ownSummary(filterId: string, condition: Condition, events: Relation, asOf: Sql, dialect: Dialect = duckdbDialect): EventsSummary {
  return { events: events.schema, from: sql`(${summarySql(eventRuleSteps(filterId, condition), events, asOf, dialect)})` };
}

/**
 * The filter's SELECT. Column rules read the customer row `p`, event rules
 * their value in the summary row `s`, left-joined (a customer without events
 * counts 0 events and has no sequence anchor).
 */
export function compileFilter(filterId: string, condition: ConditionGroup, input: Relation, summary: EventsSummary | undefined, asOf: Sql, dialect: Dialect = duckdbDialect): Sql {
  const types = columnTypes(input.schema);
  const rules = eventRules(condition);
  if (!rules.length || !summary) return sql`SELECT * FROM ${input.from} AS p WHERE ${compileCondition(condition, { types, asOf, unknownDrops: true, dialect })}`;
  const steps = eventRuleSteps(filterId, condition);
  const index = new Map<EventRule, number>(rules.map((r, i) => [r, i]));
  const s = raw('s');
  const eventRule = (rule: EventRule): Sql => {
    const value = summaryValue(steps[index.get(rule)!], s);
    if (!isBehaviourRule(rule)) return rule.operator === 'followedBy' ? sql`(${value})` : sql`(NOT ${value})`;
    if (rule.operator === 'did') return sql`(${value} >= 1)`;
    if (rule.operator === 'didNot') return sql`(${value} = 0)`;
    const type = resultType(rule.behavior.fn, summary.events.columns.find((c) => c.name === rule.behavior.column)?.type);
    return compileComparison(rule.operator, rule.value, value, type, asOf, dialect);
  };
  const where = compileCondition(condition, { types, asOf, alias: 'p', unknownDrops: true, eventRule, dialect });
  return sql`SELECT p.* FROM ${input.from} AS p LEFT JOIN ${summary.from} AS s ON p.${ident(input.schema.key)} = s.__segflow_key WHERE ${where}`;
}
