import { isGroup, type Condition, type ConditionGroup } from '../conditions/condition.ts';

/** Rules counted one by one; a filter with more gets counts for its first this many. */
export const MAX_COUNTED_RULES = 50;

/** Which condition gives each count of a top-level rule or group. */
export interface RuleVariant {
  index: number;
  id?: string;
  /** The rule on its own. */
  alone: ConditionGroup;
  /** The filter's own combinator over this rule and those before it. */
  upTo: ConditionGroup;
}

/**
 * The conditions behind "passes on its own" and "remain after it" for each
 * top-level item of a filter's condition (Hightouch's "size of each AND group").
 * The last `upTo` is the whole condition. A negated root negates each prefix too,
 * so the last count is still the filter's.
 */
export function ruleVariants(condition: ConditionGroup): RuleVariant[] {
  return condition.rules.slice(0, MAX_COUNTED_RULES).map((rule: Condition, index) => ({
    index,
    id: rule.id,
    alone: isGroup(rule) ? rule : { combinator: 'and', rules: [rule] },
    upTo: { ...condition, rules: condition.rules.slice(0, index + 1) },
  }));
}
