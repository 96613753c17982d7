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

export type Condition = ConditionRule | ConditionGroup;

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

// The shape is react-querybuilder's default format, so its editor can produce it.
export const conditionGroupSchema: z.ZodType<ConditionGroup> = z.lazy(() =>
  z.strictObject({
    id: z.string().max(128).optional(),
    combinator: z.enum(['and', 'or']),
    not: z.boolean().optional(),
    rules: z.array(z.union([conditionRuleSchema, conditionGroupSchema])).max(500),
  }),
);

export const isGroup = (c: Condition): c is ConditionGroup => 'rules' in c;

export function conditionDepth(c: Condition): number {
  return isGroup(c) ? 1 + Math.max(0, ...c.rules.map(conditionDepth)) : 0;
}

/** Every rule in the tree, depth first. */
export function conditionRules(c: Condition): ConditionRule[] {
  return isGroup(c) ? c.rules.flatMap(conditionRules) : [c];
}
