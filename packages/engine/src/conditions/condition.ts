import { z } from 'zod';

/** Operators of the condition language (spec: "Condition tree"). */
export const OPERATORS = [
  '=', '!=', '<', '<=', '>', '>=',
  'contains', 'doesNotContain', 'beginsWith', 'endsWith',
  'in', 'notIn', 'between', 'notBetween', 'null', 'notNull',
  'withinLastDays', 'notWithinLastDays',
] as const;
export type Operator = (typeof OPERATORS)[number];

export interface ConditionRule {
  id?: string;
  field: string;
  operator: Operator;
  value?: unknown;
}

export interface ConditionGroup {
  id?: string;
  combinator: 'and' | 'or';
  not?: boolean;
  rules: Condition[];
}

/** The aggregate node's functions, shared with behaviour rules (spec: "aggregate"). */
export const AGGREGATE_FUNCTIONS = ['count', 'sum', 'avg', 'min', 'max', 'first', 'last', 'days_since_last', 'days_since_first'] as const;
export type AggregateFn = (typeof AGGREGATE_FUNCTIONS)[number];

/** A per-customer figure over their events: exactly the aggregate node's settings. */
export interface Behaviour {
  fn: AggregateFn;
  column?: string;
  where?: ConditionGroup;
  withinDays?: number;
}

/** "did" is count ≥ 1, "didNot" count = 0 (spec: "Behaviour rules"). */
export const BEHAVIOUR_SHORTHANDS = ['did', 'didNot'] as const;

/** A rule on a figure of the customer's events instead of a column (spec: "Behaviour rules"). */
export interface BehaviourRule {
  id?: string;
  behavior: Behaviour;
  operator: Operator | (typeof BEHAVIOUR_SHORTHANDS)[number];
  value?: unknown;
}

export const SEQUENCE_OPERATORS = ['followedBy', 'notFollowedBy'] as const;

/** An event matching `first` in the lookback window, then (or not) one matching `then` within `withinDays`. */
export interface Sequence {
  first: ConditionGroup;
  lookbackDays: number;
  then: ConditionGroup;
  withinDays: number;
}

export interface SequenceRule {
  id?: string;
  sequence: Sequence;
  operator: (typeof SEQUENCE_OPERATORS)[number];
}

/** A rule read from the filter's events input. */
export type EventRule = BehaviourRule | SequenceRule;

export type Condition = ConditionRule | EventRule | ConditionGroup;

export const MAX_CONDITION_DEPTH = 32;

export const MAX_VALUE_LENGTH = 10_000;
export const MAX_LIST_LENGTH = 10_000;

const scalarValue = z.union([z.string().max(MAX_VALUE_LENGTH), z.number(), z.boolean(), z.null()]);

export const conditionRuleSchema = z.strictObject({
  id: z.string().max(128).optional(),
  field: z.string().min(1).max(256),
  operator: z.enum(OPERATORS),
  // Types are checked against the column later (type_mismatch); here only sizes.
  value: z.union([scalarValue, z.array(scalarValue).max(MAX_LIST_LENGTH)]).optional(),
  valueSource: z.literal('value').optional(),
});

const MAX_DAYS = 36_500;

const behaviourSchema = z.strictObject({
  fn: z.enum(AGGREGATE_FUNCTIONS),
  column: z.string().min(1).max(256).optional(),
  where: z.lazy(() => conditionGroupSchema).optional(),
  withinDays: z.number().int().min(0).max(100_000).optional(),
});

export const behaviourRuleSchema = z.strictObject({
  id: z.string().max(128).optional(),
  behavior: behaviourSchema,
  operator: z.enum([...OPERATORS, ...BEHAVIOUR_SHORTHANDS]),
  value: conditionRuleSchema.shape.value,
  valueSource: z.literal('value').optional(),
});

export const sequenceRuleSchema = z.strictObject({
  id: z.string().max(128).optional(),
  sequence: z.strictObject({
    first: z.lazy(() => conditionGroupSchema),
    lookbackDays: z.number().int().min(0).max(MAX_DAYS),
    then: z.lazy(() => conditionGroupSchema),
    withinDays: z.number().int().min(0).max(MAX_DAYS),
  }),
  operator: z.enum(SEQUENCE_OPERATORS),
});

// The shape is react-querybuilder's default format, so its editor can produce it.
export const conditionGroupSchema: z.ZodType<ConditionGroup> = z.lazy(() =>
  z.strictObject({
    id: z.string().max(128).optional(),
    combinator: z.enum(['and', 'or']),
    not: z.boolean().optional(),
    rules: z.array(z.union([conditionRuleSchema, behaviourRuleSchema, sequenceRuleSchema, conditionGroupSchema])).max(500),
  }),
);

export const isGroup = (c: Condition): c is ConditionGroup => 'rules' in c;
export const isBehaviourRule = (c: Condition): c is BehaviourRule => 'behavior' in c;
export const isSequenceRule = (c: Condition): c is SequenceRule => 'sequence' in c;
export const isEventRule = (c: Condition): c is EventRule => isBehaviourRule(c) || isSequenceRule(c);
/** A rule on a column of the customers (the first kind of rule). */
export const isFieldRule = (c: Condition): c is ConditionRule => !isGroup(c) && !isEventRule(c);

export function conditionDepth(c: Condition): number {
  if (!isGroup(c)) return 0;
  let deepest = 0;
  for (const rule of c.rules) deepest = Math.max(deepest, conditionDepth(rule));
  return 1 + deepest;
}

/** Every rule on a column in the tree, depth first (behaviour and sequence rules read no column). */
export function conditionRules(c: Condition): ConditionRule[] {
  return addFieldRules(c, []);
}

// One list filled along the walk: validation asks for every filter's rules, and a list per group adds up.
function addFieldRules(c: Condition, into: ConditionRule[]): ConditionRule[] {
  if (isGroup(c)) for (const rule of c.rules) addFieldRules(rule, into);
  else if (isFieldRule(c)) into.push(c);
  return into;
}

/** Every behaviour and sequence rule in the tree, depth first: their order numbers their values in a run. */
export function eventRules(c: Condition): EventRule[] {
  return isGroup(c) ? c.rules.flatMap(eventRules) : isEventRule(c) ? [c] : [];
}
