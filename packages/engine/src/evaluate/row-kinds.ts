import type { AggregateConfig } from '../nodes/aggregate.node.ts';
import { columnTypes } from '../nodes/column-types.ts';
import { compileEventsFigure } from './aggregate.ts';
import { compileRowTest } from './condition.ts';
import type { ConditionGroup, EventRule } from '../conditions/condition.ts';
import { DEFAULT_SPLIT_COLUMN, type SplitConfig } from '../nodes/split.node.ts';
import { splitGroup } from '../split/split-assignment.ts';
import { compileEventRule } from './event-rules.ts';
import { compileRowFormula } from './formula.ts';
import { rankFromCuts } from './rank-cuts.ts';
import { isRow, Unknown, type EvaluatorContext, type NodeEvaluator, type NodeResult } from './types.ts';
import type { Row } from './values.ts';

/**
 * The `evaluate` hooks of the row kinds: each compiles its config once into a
 * closure from its inputs' results for one customer to its own.
 */

/** Passes "not in" and "unknown" through; calls `f` only with a row. */
const onRow = (f: (row: Row, inputs: Record<string, NodeResult[]>, env: Parameters<NodeEvaluator>[1]) => NodeResult): NodeEvaluator =>
  (inputs, env) => {
    const input = inputs.in[0];
    return isRow(input) ? f(input, inputs, env) : input;
  };

export const evaluateSource = ({ nodeId }: EvaluatorContext<unknown>): NodeEvaluator => (_inputs, env) => env.profiles[nodeId] ?? null;

export const evaluateEvents = ({ nodeId }: EvaluatorContext<unknown>): NodeEvaluator => (_inputs, env) => env.events[nodeId] ?? [];

export function evaluateFilter({ nodeId, config, inputs }: EvaluatorContext<{ condition: ConditionGroup }>): NodeEvaluator {
  const events = inputs.events?.[0];
  const eventRule = events ? (rule: EventRule) => compileEventRule(rule, { events, nodeId }) : undefined;
  const test = compileRowTest(config.condition, { types: columnTypes(inputs.in[0]), nodeId, traced: true, eventRule });
  return onRow((row, ins, env) => {
    const rows = ins.events?.[0];
    return test(row, env, Array.isArray(rows) ? rows : []) ? row : null;
  });
}

/** The customer's group: the same md5 bucket of "seed:key" as the SQL (split-assignment.ts). */
export function evaluateSplit({ config, inputs }: EvaluatorContext<SplitConfig>): NodeEvaluator {
  const key = inputs.in[0].key;
  const as = config.as ?? DEFAULT_SPLIT_COLUMN;
  return onRow((row) => ({ ...row, [as]: splitGroup(config.seed, config.groups, row[key] as string | number) }));
}

export function evaluateCompute({ config }: EvaluatorContext<{ as: string; formula: string }>): NodeEvaluator {
  const formula = compileRowFormula(config.formula);
  const as = config.as;
  return onRow((row, _inputs, env) => ({ ...row, [as]: formula(row, env) }));
}

export function evaluateAggregate({ nodeId, config, inputs }: EvaluatorContext<AggregateConfig>): NodeEvaluator {
  const figure = compileEventsFigure(config, inputs.events[0], nodeId);
  const as = config.as;
  return onRow((row, ins, env) => {
    const events = ins.events[0];
    return { ...row, [as]: figure(Array.isArray(events) ? events : [], env) };
  });
}

interface RankConfig { as: string; by: string; partitionBy?: string }

export function evaluateRank({ label, config, inputs, cuts }: EvaluatorContext<RankConfig>): NodeEvaluator {
  const { as, by, partitionBy } = config;
  const key = inputs.in[0].key;
  if (!cuts) {
    const unknown = new Unknown(`"${label}" ranks every customer: it needs a finished run of this version first.`);
    return onRow(() => unknown);
  }
  return onRow((row) => ({ ...row, [as]: rankFromCuts(cuts, row[by] ?? null, row[key] ?? null, partitionBy ? row[partitionBy] ?? null : undefined) }));
}

interface LookupConfig { fields: string[]; on?: string | { in: string; lookup: string }; conflict?: 'keep_in' | 'keep_lookup' }

export function evaluateLookup({ label, config, inputs, table }: EvaluatorContext<LookupConfig>): NodeEvaluator {
  const input = inputs.in[0];
  const lookup = inputs.lookup[0];
  const on = typeof config.on === 'string' ? { in: config.on, lookup: config.on } : config.on ?? { in: input.key, lookup: lookup.key };
  const rows = table?.('lookup');
  if (!rows) {
    const unknown = new Unknown(`The table "${label}" looks up is not loaded.`);
    return onRow(() => unknown);
  }
  // One row per match value, the one with the smallest lookup key (as the batch's DISTINCT ON).
  const byValue = new Map<unknown, Row>();
  for (const r of rows) {
    const v = r[on.lookup] ?? null;
    if (v === null) continue;
    const seen = byValue.get(v);
    if (!seen || (r[lookup.key] as never) < (seen[lookup.key] as never)) byValue.set(v, r);
  }
  const exists = (f: string) => input.columns.some((c) => c.name === f);
  const brought = config.fields.filter((f) => !exists(f) || config.conflict === 'keep_lookup');
  return onRow((row) => {
    const match = byValue.get(row[on.in] ?? null);
    const out = { ...row };
    for (const f of brought) out[f] = match ? match[f] ?? null : null;
    return out;
  });
}
