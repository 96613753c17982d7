import { z } from 'zod';
import { checkCondition, compileCondition, conditionGroupSchema } from '../conditions/index.ts';
import { isNumeric, type ColumnType, type Schema } from '../model/column.ts';
import { error, type Problem } from '../model/problem.ts';
import { ident, intLiteral, join, raw, sql, type Sql } from '../sql/sql.ts';
import { columnTypes } from './column-types.ts';
import { defineNode } from './define-node.ts';
import { checkNewColumn, newColumnName, selectWithColumn, withColumn } from './new-column.ts';

const FUNCTIONS = ['count', 'sum', 'avg', 'min', 'max', 'first', 'last', 'days_since_last', 'days_since_first'] as const;
type AggregateFn = (typeof FUNCTIONS)[number];
const NO_COLUMN: AggregateFn[] = ['count', 'days_since_last', 'days_since_first'];

const aggregateConfig = z.object({
  as: newColumnName,
  fn: z.enum(FUNCTIONS),
  column: z.string().min(1).max(256).optional(),
  where: conditionGroupSchema.optional(),
  withinDays: z.number().int().min(0).max(100_000).optional(),
});
type AggregateConfig = z.infer<typeof aggregateConfig>;

function resultType(fn: AggregateFn, columnType: ColumnType | undefined): ColumnType {
  if (fn === 'count' || fn === 'days_since_first' || fn === 'days_since_last') return 'integer';
  if (fn === 'avg') return 'number';
  return columnType ?? 'number';
}

function checkColumn({ fn, column }: AggregateConfig, events: Schema, nodeId: string): Problem[] {
  if (NO_COLUMN.includes(fn))
    return column ? [error('invalid_config', `"${fn}" takes no column.`, { nodeId, field: column })] : [];
  if (!column) return [error('invalid_config', `"${fn}" needs the event column to aggregate.`, { nodeId })];
  const type = events.columns.find((c) => c.name === column)?.type;
  if (!type) return [error('unknown_field', `The events have no column "${column}".`, { nodeId, field: column })];
  if ((fn === 'sum' || fn === 'avg') && !isNumeric(type))
    return [error('type_mismatch', `"${fn}" needs a number column, "${column}" is ${type}.`, { nodeId, field: column })];
  return [];
}

/**
 * The aggregate over one customer's events. sum and avg go through exact
 * decimals so every partitioning and evaluation order gives the same result.
 */
function aggregateSql(config: AggregateConfig, events: Schema, asOf: Sql): Sql {
  const col = ident(config.column ?? '');
  const type = events.columns.find((c) => c.name === config.column)?.type;
  const exact = type === 'integer' ? col : sql`CAST(${col} AS DECIMAL(38, 9))`;
  const day = sql`CAST(${ident(events.timestamp!)} AS DATE)`;
  const others = events.columns.filter((c) => c.name !== events.timestamp).map((c) => c.name);
  const order = (dir: 'ASC NULLS FIRST' | 'DESC NULLS LAST') =>
    join([events.timestamp!, ...others].map((name) => sql`${ident(name)} ${raw(dir)}`), ', ');
  switch (config.fn) {
    case 'count': return sql`count(*)`;
    case 'sum': return type === 'integer' ? sql`CAST(sum(${col}) AS BIGINT)` : sql`CAST(sum(${exact}) AS DOUBLE)`;
    case 'avg': return sql`CAST(sum(${exact}) AS DOUBLE) / NULLIF(count(${col}), 0)`;
    case 'min': return sql`min(${col})`;
    case 'max': return sql`max(${col})`;
    case 'first': return sql`first(${col} ORDER BY ${order('ASC NULLS FIRST')})`;
    case 'last': return sql`first(${col} ORDER BY ${order('DESC NULLS LAST')})`;
    case 'days_since_last': return sql`date_diff('day', max(${day}), ${asOf})`;
    case 'days_since_first': return sql`date_diff('day', min(${day}), ${asOf})`;
  }
}

export const aggregateNode = defineNode({
  kind: 'aggregate',
  role: 'enrichment',
  label: 'Aggregate events',
  help: 'Add a per-customer figure from their events: count, sum, average, recency…',
  icon: 'sigma',
  scope: 'row',
  inputs: { in: { accepts: 'population', label: 'Customers' }, events: { accepts: 'events', label: 'Events' } },
  output: 'population',
  config: aggregateConfig,
  defaultConfig: () => ({ as: 'event_count', fn: 'count' }),
  infer({ nodeId, config, inputs }) {
    const input = inputs.in[0];
    const events = inputs.events[0];
    const problems = [...checkNewColumn(config.as, input, nodeId), ...checkColumn(config, events, nodeId)];
    if (config.where) problems.push(...checkCondition(config.where, events, nodeId));
    const keyType = (s: Schema) => s.columns.find((c) => c.name === s.key)?.type;
    if (keyType(input) !== keyType(events))
      problems.push(error('type_mismatch', `Customer keys are ${keyType(input)} but event keys are ${keyType(events)}.`, { nodeId }));
    const columnType = events.columns.find((c) => c.name === config.column)?.type;
    return { schema: withColumn(input, config.as, resultType(config.fn, columnType), nodeId), problems };
  },
  compile({ config, inputs, asOf }) {
    const input = inputs.in[0];
    const events = inputs.events[0];
    const ev = events.schema;
    const day = sql`CAST(${ident(ev.timestamp!)} AS DATE)`;
    const filters = [sql`${day} <= ${asOf}`];
    if (config.withinDays !== undefined) filters.push(sql`${day} >= ${asOf} - ${intLiteral(config.withinDays)}`);
    if (config.where) filters.push(compileCondition(config.where, { types: columnTypes(ev), asOf }));
    const perKey = sql`SELECT ${ident(ev.key)} AS __segflow_key, ${aggregateSql(config, ev, asOf)} AS __segflow_value
      FROM ${events.from} WHERE ${join(filters, ' AND ')} GROUP BY ${ident(ev.key)}`;
    const zeroWhenNone = config.fn === 'count' || config.fn === 'sum';
    const v = sql`${ident('a')}.__segflow_value`;
    const value = zeroWhenNone ? sql`COALESCE(${v}, 0)` : v;
    return sql`SELECT ${selectWithColumn(input.schema, 'p', config.as, value)}
      FROM ${input.from} AS p LEFT JOIN (${perKey}) AS a ON ${ident('p')}.${ident(input.schema.key)} = ${ident('a')}.__segflow_key`;
  },
});
