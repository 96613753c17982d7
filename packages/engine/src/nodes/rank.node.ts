import { evaluateRank } from '../evaluate/row-kinds.ts';
import { z } from 'zod';
import { error, type Problem } from '../model/problem.ts';
import { ident, raw, sql } from '../sql/sql.ts';
import { defineNode } from './define-node.ts';
import { checkNewColumn, newColumnName, selectWithColumn, withColumn } from './new-column.ts';
import { plus, withoutOwn } from './needed-columns.ts';

const rankConfig = z.strictObject({
  as: newColumnName,
  fn: z.enum(['percent_rank', 'ntile']),
  buckets: z.number().int().min(1).max(10_000).optional(),
  by: z.string().min(1).max(256),
  descending: z.boolean().optional(),
  /** Rank within groups (e.g. per country) instead of over everyone. */
  partitionBy: z.string().min(1).max(256).optional(),
});

export const rankNode = defineNode({
  kind: 'rank',
  role: 'enrichment',
  label: 'Rank',
  help: 'Rank every customer by a column (percentile or buckets): needs all customers.',
  icon: 'trophy',
  scope: 'global',
  inputs: { in: { accepts: 'population', label: 'Customers' } },
  output: 'population',
  passesValues: 'rows',
  keepsEveryRow: true,
  columnsNeeded: (config, _port, downstream) => plus(withoutOwn(downstream, config.as), [config.by, config.partitionBy]),
  config: rankConfig,
  defaultConfig: () => ({ as: 'rank', fn: 'percent_rank', by: '', descending: true }),
  infer({ nodeId, config, inputs }) {
    const input = inputs.in[0];
    const problems: Problem[] = checkNewColumn(config.as, input, nodeId);
    if (!input.columns.some((c) => c.name === config.by))
      problems.push(error('unknown_field', `No column "${config.by}" reaches this node to rank by.`, { nodeId, field: config.by }));
    if (config.partitionBy && !input.columns.some((c) => c.name === config.partitionBy))
      problems.push(error('unknown_field', `No column "${config.partitionBy}" reaches this node to group by.`, { nodeId, field: config.partitionBy }));
    if (config.fn === 'ntile' && config.buckets === undefined)
      problems.push(error('invalid_config', 'ntile needs a number of buckets.', { nodeId }));
    const type = config.fn === 'ntile' ? 'integer' : 'number';
    return { schema: withColumn(input, config.as, type, nodeId), problems };
  },
  compile({ config, inputs }) {
    const { from, schema } = inputs.in[0];
    const by = ident(config.by);
    const dir = raw(config.descending ? 'DESC' : 'ASC');
    // Nulls sit in a window of their own and get no rank, so n counts only values.
    const groups = config.partitionBy ? sql`${ident(config.partitionBy)}, ${by} IS NULL` : sql`${by} IS NULL`;
    const window = config.fn === 'ntile'
      ? sql`ntile(CAST(${config.buckets ?? 1} AS BIGINT)) OVER (PARTITION BY ${groups} ORDER BY ${by} ${dir}, ${ident(schema.key)})`
      : sql`percent_rank() OVER (PARTITION BY ${groups} ORDER BY ${by} ${dir})`;
    const value = sql`CASE WHEN ${by} IS NULL THEN NULL ELSE ${window} END`;
    return sql`SELECT ${selectWithColumn(schema, 'p', config.as, value)} FROM ${from} AS p`;
  },
  evaluate: evaluateRank,
});
