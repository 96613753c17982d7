import { findColumn } from '../model/column.ts';
import { evaluateRank } from '../evaluate/row-kinds.ts';
import { z } from 'zod';
import { error, type Problem } from '../model/problem.ts';
import { ident, raw, sql } from '../sql/sql.ts';
import { defineNode } from './define-node.ts';
import { duckdbDialect } from '../sql/dialects/index.ts';
import { checkNewColumn, newColumnField, newColumnName, selectWithColumn, withColumn } from './new-column.ts';
import { shortText } from '../conditions/index.ts';
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
  fields: [
    newColumnField,
    { key: 'by', label: 'Rank by', widget: 'column', types: ['integer', 'number', 'date', 'timestamp', 'string'] },
    { key: 'descending', label: 'Highest first', widget: 'checkbox' },
    {
      key: 'fn', label: 'As', name: 'Rank as', widget: 'select', options: [
        { value: 'percent_rank', label: 'a percentile from 0 to 1', help: '0 for the first in the order, 1 for the last: “< 0.1” is the top 10%.' },
        { value: 'ntile', label: 'a bucket number (deciles…)', help: 'Bucket 1 holds the first customers in the order above.' },
      ],
    },
    { key: 'buckets', label: 'Buckets', widget: 'number', min: 1, visibleWhen: { key: 'fn', in: ['ntile'] }, initial: 10 },
    { key: 'partitionBy', label: 'Rank within groups of', name: 'Group by', widget: 'column', emptyLabel: 'everyone together', help: 'Optional: e.g. per country.' },
  ],
  summary: ({ as, fn, buckets, by }) => shortText(`${as ?? '?'} = ${fn === 'ntile' ? `${buckets ?? '?'} buckets` : 'percentile'} by ${by || '?'}`),
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
    if (!findColumn(input, config.by))
      problems.push(error('unknown_field', `No column "${config.by}" reaches this node to rank by.`, { nodeId, field: config.by }));
    if (config.partitionBy && !findColumn(input, config.partitionBy))
      problems.push(error('unknown_field', `No column "${config.partitionBy}" reaches this node to group by.`, { nodeId, field: config.partitionBy }));
    if (config.fn === 'ntile' && config.buckets === undefined)
      problems.push(error('invalid_config', 'ntile needs a number of buckets.', { nodeId }));
    const type = config.fn === 'ntile' ? 'integer' : 'number';
    return { schema: withColumn(input, config.as, type, nodeId), problems };
  },
  compile({ config, inputs, dialect = duckdbDialect }) {
    const { from, schema } = inputs.in[0];
    const by = ident(config.by);
    const dir = raw(config.descending ? 'DESC' : 'ASC');
    // Nulls sit in a window of their own and get no rank, so n counts only values.
    const groups = config.partitionBy ? sql`${ident(config.partitionBy)}, ${by} IS NULL` : sql`${by} IS NULL`;
    const window = config.fn === 'ntile'
      ? sql`${dialect.ntile(config.buckets ?? 1)} OVER (PARTITION BY ${groups} ORDER BY ${by} ${dir}, ${ident(schema.key)})`
      : sql`percent_rank() OVER (PARTITION BY ${groups} ORDER BY ${by} ${dir})`;
    const value = sql`CASE WHEN ${by} IS NULL THEN NULL ELSE ${window} END`;
    return sql`SELECT ${selectWithColumn(schema, 'p', config.as, value, dialect)} FROM ${from} AS p`;
  },
  evaluate: evaluateRank,
});
