import {
  AGGREGATE_FUNCTIONS, BEHAVIOUR_SHORTHANDS, MAX_LIST_LENGTH, MAX_VALUE_LENGTH, OPERATORS,
  type Behaviour, type BehaviourRule, type ConditionGroup, type ConditionRule,
} from './condition.ts';

/**
 * Condition trees as `conditionGroupSchema` would give them back, read by hand.
 * A filter's rules are most of what a document holds, and zod reading them (a
 * union tried rule by rule, with lazy schemas) cost more than all the checks
 * after it on a server answering documents it never saw. Rules on columns,
 * behaviour rules and groups of them are read here; anything else (a sequence
 * rule, an unknown key, a key set to undefined, a value of the wrong type)
 * returns undefined, and the caller lets zod read the whole config, so problems
 * are always zod's words. Keep in step with condition.ts (plain-condition.test.ts
 * compares the two on random trees).
 */

const OPERATOR_SET = new Set<string>(OPERATORS);
const GROUP_KEYS = new Set(['id', 'combinator', 'not', 'rules']);
const RULE_KEYS = new Set(['id', 'field', 'operator', 'value', 'valueSource']);
const BEHAVIOUR_RULE_KEYS = new Set(['id', 'behavior', 'operator', 'value', 'valueSource']);
const BEHAVIOUR_KEYS = new Set(['fn', 'column', 'where', 'withinDays']);
const BEHAVIOUR_OPERATOR_SET = new Set<string>([...OPERATORS, ...BEHAVIOUR_SHORTHANDS]);
const FUNCTION_SET = new Set<unknown>(AGGREGATE_FUNCTIONS);
const MAX_RULES = 500;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** Own keys all known, none holding undefined (zod treats that in its own ways). */
function onlyKeys(o: Record<string, unknown>, known: Set<string>): boolean {
  for (const key in o) if (!known.has(key) || o[key] === undefined) return false;
  return true;
}

const isScalar = (v: unknown) =>
  v === null || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v.length <= MAX_VALUE_LENGTH);

/** A rule's value, copied as zod copies it; `invalid` when zod would refuse it. */
const INVALID = Symbol('invalid');
function plainValue(v: unknown): unknown {
  if (isScalar(v)) return v;
  if (!Array.isArray(v) || v.length > MAX_LIST_LENGTH) return INVALID;
  const copy = new Array(v.length);
  for (let i = 0; i < v.length; i++) {
    // A hole reads as undefined, which zod refuses.
    if (!isScalar(v[i])) return INVALID;
    copy[i] = v[i];
  }
  return copy;
}

function plainRule(o: Record<string, unknown>): ConditionRule | undefined {
  if (!onlyKeys(o, RULE_KEYS)) return undefined;
  const { id, field, operator } = o;
  if (id !== undefined && (typeof id !== 'string' || id.length > 128)) return undefined;
  if (typeof field !== 'string' || field.length < 1 || field.length > 256) return undefined;
  if (typeof operator !== 'string' || !OPERATOR_SET.has(operator)) return undefined;
  // Keys in the schema's order, as zod writes them.
  const rule = {} as ConditionRule & { valueSource?: 'value' };
  if (id !== undefined) rule.id = id;
  rule.field = field;
  rule.operator = operator as ConditionRule['operator'];
  return withValue(rule, o) ? rule : undefined;
}

/** Puts a rule's value and valueSource last on `rule`, as zod writes them; false for either it cannot take. */
function withValue(rule: { value?: unknown; valueSource?: 'value' }, o: Record<string, unknown>): boolean {
  if (o.valueSource !== undefined && o.valueSource !== 'value') return false;
  if ('value' in o) {
    const copy = plainValue(o.value);
    if (copy === INVALID) return false;
    rule.value = copy;
  }
  if (o.valueSource !== undefined) rule.valueSource = 'value';
  return true;
}

/** A behaviour rule (`{ behavior: { fn, column?, where?, withinDays? }, operator, value? }`), or undefined. */
function plainBehaviourRule(o: Record<string, unknown>): BehaviourRule | undefined {
  if (!onlyKeys(o, BEHAVIOUR_RULE_KEYS)) return undefined;
  const { id, operator } = o;
  if (id !== undefined && (typeof id !== 'string' || id.length > 128)) return undefined;
  const behavior = plainBehaviour(o.behavior);
  if (!behavior || typeof operator !== 'string' || !BEHAVIOUR_OPERATOR_SET.has(operator)) return undefined;
  const rule = {} as BehaviourRule & { valueSource?: 'value' };
  if (id !== undefined) rule.id = id;
  rule.behavior = behavior;
  rule.operator = operator as BehaviourRule['operator'];
  return withValue(rule, o) ? rule : undefined;
}

function plainBehaviour(value: unknown): Behaviour | undefined {
  if (!isPlainObject(value) || !onlyKeys(value, BEHAVIOUR_KEYS)) return undefined;
  if (!FUNCTION_SET.has(value.fn)) return undefined;
  const behaviour = { fn: value.fn } as Behaviour;
  return withEventParts(behaviour, value) ? behaviour : undefined;
}

/**
 * The column, where and withinDays an aggregate and a behaviour share, put on
 * `target` in that order (as zod writes them); false for any it cannot take.
 */
export function withEventParts(target: { column?: string; where?: ConditionGroup; withinDays?: number }, o: Record<string, unknown>): boolean {
  const { column, where, withinDays } = o;
  if (column !== undefined && (typeof column !== 'string' || column.length < 1 || column.length > 256)) return false;
  if (withinDays !== undefined && !(typeof withinDays === 'number' && Number.isInteger(withinDays) && withinDays >= 0 && withinDays <= 100_000)) return false;
  if (column !== undefined) target.column = column;
  if (where !== undefined) {
    const group = plainConditionGroup(where);
    if (!group) return false;
    target.where = group;
  }
  if (withinDays !== undefined) target.withinDays = withinDays;
  return true;
}

/** The rule or group `rule` is, read the way the schema's union tries it; undefined when zod must read it. */
function plainItem(rule: Record<string, unknown>): ConditionGroup['rules'][number] | undefined {
  // The union tries a rule on a column first: an object with `rules` but also a rule's keys fails both; zod says how.
  if ('rules' in rule) return plainConditionGroup(rule);
  return 'behavior' in rule ? plainBehaviourRule(rule) : plainRule(rule);
}

/** A group of rules on columns and behaviour rules (and groups of them), or undefined when zod must read it. */
export function plainConditionGroup(value: unknown): ConditionGroup | undefined {
  if (!isPlainObject(value) || !onlyKeys(value, GROUP_KEYS)) return undefined;
  const { id, combinator, not, rules } = value;
  if (id !== undefined && (typeof id !== 'string' || id.length > 128)) return undefined;
  if (combinator !== 'and' && combinator !== 'or') return undefined;
  if (not !== undefined && typeof not !== 'boolean') return undefined;
  if (!Array.isArray(rules) || rules.length > MAX_RULES) return undefined;
  const read: ConditionGroup['rules'] = new Array(rules.length);
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i];
    if (!isPlainObject(rule)) return undefined;
    const item = plainItem(rule);
    if (!item) return undefined;
    read[i] = item;
  }
  const group = {} as ConditionGroup;
  if (id !== undefined) group.id = id;
  group.combinator = combinator;
  if (not !== undefined) group.not = not;
  group.rules = read;
  return group;
}
