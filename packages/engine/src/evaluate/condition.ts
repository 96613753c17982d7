import type { ColumnType } from '../model/column.ts';
import { isEventRule, isGroup, type Condition, type ConditionRule, type EventRule } from '../conditions/condition.ts';
import type { EvaluateEnv } from './types.ts';
import { dayOf, fromJson, toJson, type Row, type Value } from './values.ts';
import { describeValue, ruleNeeds } from './explain-words.ts';

/**
 * A condition compiled once into a closure over one row. `events` are the
 * customer's events on the filter's events input: behaviour and sequence rules
 * read them, column rules ignore them.
 */
export type RowTest = (row: Row, env: EvaluateEnv, events?: readonly Row[]) => boolean;

/** A test of one non-null value against a rule's literal(s). */
type ValueTest = (v: Value, env: EvaluateEnv) => boolean;

/**
 * A rule's literal as its column's type (values were checked against the type
 * by validation). An integer column accepts any number, as the SQL compares
 * integers as doubles: `age > 42.5` and `count > 0.5` are valid rules.
 */
const literal = (v: unknown, type: ColumnType): Value => fromJson(v, type === 'integer' ? 'number' : type) ?? null;

function valueTest(rule: Pick<ConditionRule, 'operator' | 'value'>, type: ColumnType): ValueTest {
  const v = literal(rule.value, type);
  const list = Array.isArray(rule.value) ? rule.value.map((x) => literal(x, type)) : [];
  const [lo, hi] = list;
  const days = typeof rule.value === 'number' ? rule.value : 0;
  const within = (x: Value, env: EvaluateEnv) => {
    const day = dayOf(x as number);
    return day >= env.asOfDay - days && day <= env.asOfDay;
  };
  switch (rule.operator) {
    case '=': return (x) => v !== null && x === v;
    case '!=': return (x) => v !== null && x !== v;
    case '<': return (x) => v !== null && x! < v;
    case '<=': return (x) => v !== null && x! <= v;
    case '>': return (x) => v !== null && x! > v;
    case '>=': return (x) => v !== null && x! >= v;
    case 'contains': return (x) => typeof v === 'string' && (x as string).includes(v);
    case 'doesNotContain': return (x) => typeof v === 'string' && !(x as string).includes(v);
    case 'beginsWith': return (x) => typeof v === 'string' && (x as string).startsWith(v);
    case 'endsWith': return (x) => typeof v === 'string' && (x as string).endsWith(v);
    // SQL's IN: a null in the list never matches, and makes NOT IN unknown (so false) for every value.
    case 'in': { const set = new Set<Value>(list.filter((x) => x !== null)); return (x) => set.has(x); }
    case 'notIn': {
      const set = new Set(list);
      return set.has(null) ? () => false : (x) => !set.has(x);
    }
    case 'between': return (x) => lo !== null && hi !== null && x! >= lo && x! <= hi;
    case 'notBetween': return (x) => lo !== null && hi !== null && !(x! >= lo && x! <= hi);
    case 'withinLastDays': return within;
    case 'notWithinLastDays': return (x, env) => !within(x, env);
    case 'null': case 'notNull': return () => false;
  }
}

/**
 * One rule: on a null field it is false, except `null` / `notNull`, which look
 * at nullness itself. Also a behaviour rule's comparison of its figure.
 */
export function ruleTest(rule: Pick<ConditionRule, 'operator' | 'value'>, type: ColumnType): (v: Value, env: EvaluateEnv) => boolean {
  if (rule.operator === 'null') return (v) => v === null;
  if (rule.operator === 'notNull') return (v) => v !== null;
  const test = valueTest(rule, type);
  return (v, env) => v !== null && test(v, env);
}

export interface ConditionOptions {
  types: ReadonlyMap<string, ColumnType>;
  /** The node explanations name. */
  nodeId: string;
  /** Explain rules on event columns? Off for aggregate `where` (per event, too many). */
  traced: boolean;
  /**
   * A behaviour or sequence rule compiled over the customer's events
   * (event-rules.ts), as `compileCondition` takes its SQL. Absent: the
   * condition has no events to read, and such a rule is refused.
   */
  eventRule?: (rule: EventRule) => RowTest;
}

/**
 * Compiles a checked condition tree into a closure: the same outcome as
 * `compileCondition`'s SQL for every row (spec: a rule on a null field is
 * false; a group's `not` negates its true/false; an empty group is true).
 */
export function compileRowTest(condition: Condition, options: ConditionOptions): RowTest {
  if (!isGroup(condition)) return compileRule(condition, options);
  const parts = condition.rules.map((r) => compileRowTest(r, options));
  let body: RowTest;
  if (parts.length === 0) body = () => true;
  else if (parts.length === 1) body = parts[0];
  else if (condition.combinator === 'and') body = (row, env, events) => {
    // Explaining evaluates every rule, so each one gets its line.
    let all = true;
    for (const p of parts) if (!p(row, env, events)) { all = false; if (!env.trace) return false; }
    return all;
  };
  else body = (row, env, events) => {
    let any = false;
    for (const p of parts) if (p(row, env, events)) { any = true; if (!env.trace) return true; }
    return any;
  };
  return condition.not ? (row, env, events) => !body(row, env, events) : body;
}

function compileRule(rule: ConditionRule | EventRule, options: ConditionOptions): RowTest {
  if (isEventRule(rule) && options.eventRule) return options.eventRule(rule);
  // A rule on something other than a column without the events it reads: never guess.
  if (isEventRule(rule) || typeof rule.field !== 'string') throw new Error('it has a kind of rule that cannot be evaluated one customer at a time yet.');
  const type = options.types.get(rule.field) ?? 'string';
  const test = ruleTest(rule, type);
  const field = rule.field;
  if (!options.traced) return (row, env) => test(row[field] ?? null, env);
  const needs = ruleNeeds(rule.operator, rule.value);
  return (row, env) => {
    const value = row[field] ?? null;
    const passed = test(value, env);
    env.trace?.push({
      nodeId: options.nodeId, subject: field, value: toJson(value, type) as Value, operator: rule.operator,
      expected: rule.value, passed, text: `${field} is ${describeValue(value, type)}; needs ${needs}`,
    });
    return passed;
  };
}
