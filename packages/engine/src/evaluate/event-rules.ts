import { isBehaviourRule, type BehaviourRule, type EventRule, type SequenceRule } from '../conditions/condition.ts';
import type { ColumnType, Schema } from '../model/column.ts';
import { resultType } from '../nodes/aggregate.node.ts';
import { columnTypes } from '../nodes/column-types.ts';
import { compileEventsFigure } from './aggregate.ts';
import { compileRowTest, ruleTest, type RowTest } from './condition.ts';
import { behaviourSubject, describeBehaviour, describeSequence, type SequenceOutcome } from './explain-words.ts';
import type { EvaluateEnv } from './types.ts';
import { dayOf, toJson, type Row, type Value } from './values.ts';

/**
 * A filter's behaviour and sequence rules for one customer, from the rows of
 * the filter's events input: the same outcome as their SQL (event-summary.ts,
 * event-rules.ts in nodes/), and a sentence each when explaining.
 */

export interface EventRuleOptions {
  /** The schema of the filter's events input. */
  events: Schema;
  /** The filter, which explanations name. */
  nodeId: string;
}

/** Rules over single events never explain themselves (one line per event would drown the answer). */
const quiet = (env: EvaluateEnv): EvaluateEnv => (env.trace ? { ...env, trace: undefined } : env);

function compileBehaviourRule(rule: BehaviourRule, { events, nodeId }: EventRuleOptions): RowTest {
  const figure = compileEventsFigure(rule.behavior, events, nodeId);
  const type = resultType(rule.behavior.fn, events.columns.find((c) => c.name === rule.behavior.column)?.type);
  // did / didNot count events (validation keeps them to `count`, never null).
  const compare: (v: Value, env: EvaluateEnv) => boolean =
    rule.operator === 'did' ? (v) => (v as number) >= 1
    : rule.operator === 'didNot' ? (v) => v === 0
    : ruleTest({ operator: rule.operator, value: rule.value }, type);
  const subject = behaviourSubject(rule.behavior);
  return (_row, env, rows = []) => {
    const value = figure(rows, env);
    const passed = compare(value, env);
    env.trace?.push({
      nodeId, subject, value: toJson(value, type) as Value, operator: rule.operator,
      expected: rule.value, passed, text: describeBehaviour(rule, value, type),
    });
    return passed;
  };
}

/**
 * The anchor (time of the latest event matching `first` at or before as-of,
 * its date within `lookbackDays`) and the first event after it matching
 * `then`: strictly later in time, its date at most `withinDays` after the
 * anchor's date and at or before as-of. Ties on the anchor's time do not
 * matter: only the time is kept, as the SQL's max().
 */
function compileSequenceOutcome(rule: SequenceRule, { events, nodeId }: EventRuleOptions) {
  const types = columnTypes(events);
  const ts = events.timestamp!;
  const first = compileRowTest(rule.sequence.first, { types, nodeId, traced: false });
  const then = compileRowTest(rule.sequence.then, { types, nodeId, traced: false });
  const { lookbackDays, withinDays } = rule.sequence;
  return (rows: readonly Row[], env: EvaluateEnv): SequenceOutcome => {
    const silent = quiet(env);
    let anchor: number | null = null;
    for (const row of rows) {
      const t = row[ts] as number | null | undefined;
      if (t === null || t === undefined || (anchor !== null && t <= anchor)) continue;
      const day = dayOf(t);
      if (day > env.asOfDay || day < env.asOfDay - lookbackDays || !first(row, silent)) continue;
      anchor = t;
    }
    if (anchor === null) return { anchor, next: null };
    const lastDay = Math.min(dayOf(anchor) + withinDays, env.asOfDay);
    let next: number | null = null;
    for (const row of rows) {
      const t = row[ts] as number | null | undefined;
      if (t === null || t === undefined || t <= anchor || (next !== null && t >= next)) continue;
      if (dayOf(t) > lastDay || !then(row, silent)) continue;
      next = t;
    }
    return { anchor, next };
  };
}

function compileSequenceRule(rule: SequenceRule, options: EventRuleOptions): RowTest {
  const outcome = compileSequenceOutcome(rule, options);
  const type: ColumnType = options.events.columns.find((c) => c.name === options.events.timestamp)?.type ?? 'timestamp';
  const followedBy = rule.operator === 'followedBy';
  return (_row, env, rows = []) => {
    const seen = outcome(rows, env);
    // Without an anchor neither operator holds, as the SQL's NULL.
    const passed = seen.anchor !== null && (seen.next !== null) === followedBy;
    env.trace?.push({
      nodeId: options.nodeId, subject: 'sequence', value: seen.anchor === null ? null : seen.next !== null,
      operator: rule.operator, passed, text: describeSequence(rule, seen, type),
    });
    return passed;
  };
}

/** A behaviour or sequence rule as a test over the customer's events (passed as the RowTest's `events`). */
export function compileEventRule(rule: EventRule, options: EventRuleOptions): RowTest {
  return isBehaviourRule(rule) ? compileBehaviourRule(rule, options) : compileSequenceRule(rule, options);
}
