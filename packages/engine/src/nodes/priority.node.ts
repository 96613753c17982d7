import { evaluatePriority } from '../evaluate/combine-kinds.ts';
import { z } from 'zod';
import { error } from '../model/problem.ts';
import { ident, join, sql } from '../sql/sql.ts';
import { combineConflictField, inferCombine, unionSql } from './combine.ts';
import { defineNode } from './define-node.ts';
import { duckdbDialect } from '../sql/dialects/index.ts';
import { checkNewColumn, newColumnName, withColumn } from './new-column.ts';
import { withoutOwn } from './needed-columns.ts';

const priorityConfig = z.strictObject({
  as: newColumnName.optional(),
  conflict: z.enum(['first', 'last', 'error']).optional(),
});
export type PriorityConfig = z.infer<typeof priorityConfig>;

export const DEFAULT_PRIORITY_COLUMN = 'audience';

/** Computed under this name inside the union, then renamed to `as` (which an input may carry already). */
const WINNER = '__segflow_audience';

export const priorityNode = defineNode({
  kind: 'priority',
  role: 'combine',
  label: 'Priority',
  help: 'Each customer in one audience only: the first incoming segment that holds them wins.',
  icon: 'list-ordered',
  scope: 'row',
  fields: [
    { label: 'Priority, highest first', widget: 'priority-order' },
    { key: 'as', label: 'Column naming each customer’s audience', name: 'Audience column', widget: 'text', mono: true, placeholder: DEFAULT_PRIORITY_COLUMN },
    combineConflictField,
  ],
  summary: ({ as }) => `first audience wins → ${as ?? DEFAULT_PRIORITY_COLUMN}`,
  inputs: { in: { accepts: 'population', many: true, min: 2, label: 'Audiences, highest priority first' } },
  output: 'population',
  passesValues: 'union',
  config: priorityConfig,
  defaultConfig: () => ({ as: DEFAULT_PRIORITY_COLUMN }),
  columnsNeeded: (config, _port, downstream) => withoutOwn(downstream, config.as ?? DEFAULT_PRIORITY_COLUMN),
  infer(ctx) {
    const as = ctx.config.as ?? DEFAULT_PRIORITY_COLUMN;
    const union = inferCombine(ctx);
    const problems = [...union.problems, ...checkNewColumn(as, union.schema!, ctx.nodeId)];
    if (as === WINNER) problems.push(error('invalid_config', `"${as}" is a name Segflow keeps for itself: choose another column name.`, { nodeId: ctx.nodeId, field: 'as' }));
    return { schema: withColumn(union.schema!, as, 'string', ctx.nodeId), problems };
  },
  compile(ctx) {
    const as = ctx.config.as ?? DEFAULT_PRIORITY_COLUMN;
    const ids = ctx.inputs.in.map((r, i) => {
      if (!r.nodeId) throw new Error(`priority ${ctx.nodeId}: input ${i} has no node id`);
      return r.nodeId;
    });
    // The first input, in edge order, whose key column is set holds the customer.
    const winner = (keys: ReturnType<typeof ident>[]) =>
      sql`CASE ${join(keys.map((k, i) => sql`WHEN ${k} IS NOT NULL THEN CAST(${ids[i]} AS VARCHAR)`), ' ')} END AS ${ident(WINNER)}`;
    const dropped = ctx.inputs.in.some((r) => r.schema.columns.some((c) => c.name === as)) ? [as] : [];
    const unionColumns = [...ctx.output.columns.map((c) => c.name).filter((n) => n !== as), WINNER, ...dropped];
    const star = (ctx.dialect ?? duckdbDialect).starExcept(null, unionColumns, [WINNER, ...dropped]);
    return sql`SELECT ${star}, ${ident(WINNER)} AS ${ident(as)} FROM (${unionSql(ctx, winner)}) AS __segflow_union`;
  },
  evaluate: evaluatePriority,
});
