/**
 * One customer at a time: a validated workflow compiled once into closures
 * with the batch engine's meaning, browser-safe (no DuckDB).
 *
 * @example
 *   const evaluator = compileEvaluator(analysis, { cuts, tables });
 *   const answer = evaluateRequest(evaluator, analysis, { profile: { id: 7, income: 61000 }, events: [] });
 */
export { compileEvaluator, type CompiledEvaluator, type CustomerData, type CustomerResult, type EvaluatorOptions } from './compile-evaluator.ts';
export { Unknown, type NodeResult, type RuleTrace, type EvaluateEnv, type EvaluatorContext, type NodeEvaluator } from './types.ts';
export { fromJson, toJson, fromStoredRow, parseDate, parseTimestamp, dayOf, type Row, type Value } from './values.ts';
export { rankFromCuts, groupKey, MAX_CUT_POINTS, type RankCuts, type RankGroupCuts } from './rank-cuts.ts';
export { compileEventsFigure } from './aggregate.ts';
export { compileRowTest } from './condition.ts';
export { compileRowFormula, roundLikeDuckDb } from './formula.ts';
export { readCustomer, membership, membershipAnswer, MAX_EVENTS_PER_CUSTOMER, type CustomerJson, type InputProblem } from './customer-input.ts';
export { explainCustomer, type Explanation } from './explain.ts';
export { eventRetentionDays } from './event-retention.ts';
