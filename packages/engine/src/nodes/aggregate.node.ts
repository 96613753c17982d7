import { evaluateAggregate } from '../evaluate/row-kinds.ts';
import { z } from 'zod';
import { checkCondition, compileCondition, conditionGroupSchema } from '../conditions/index.ts';
import { isNumeric, type ColumnType, type Schema } from '../model/column.ts';
import { error, type Problem } from '../model/problem.ts';
import { ident, intLiteral, join, raw, sql, type Sql } from '../sql/sql.ts';
import { columnTypes } from './column-types.ts';
import { defineNode, type Relation } from './define-node.ts';
import { checkNewColumn, newColumnName, withColumn } from './new-column.ts';
import { withoutOwn } from './needed-columns.ts';

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
export type AggregateConfig = z.infer<typeof aggregateConfig>;

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

/** Each event's date, computed once per row below the GROUP BY (see `summarySql`). */
const DAY = ident('__segflow_day');

/**
 * The aggregate over one customer's events, counting only rows that pass
 * `filter`. sum and avg go through exact decimals so every partitioning and
 * evaluation order gives the same result.
 */
function aggregateSql(config: AggregateConfig, events: Schema, asOf: Sql, filter: Sql | undefined, exact?: ReadonlySet<string>): Sql {
  const only = filter ? sql` FILTER (WHERE ${filter})` : sql``;
  const col = ident(config.column ?? '');
  const type = events.columns.find((c) => c.name === config.column)?.type;
  const exactCol = type === 'integer' || exact?.has(config.column ?? '') ? col : sql`CAST(${col} AS DECIMAL(38, 9))`;
  const others = events.columns.filter((c) => c.name !== events.timestamp).map((c) => c.name);
  const order = (dir: 'ASC NULLS FIRST' | 'DESC NULLS LAST') =>
    join([events.timestamp!, ...others].map((name) => sql`${ident(name)} ${raw(dir)}`), ', ');
  switch (config.fn) {
    case 'count': return sql`count(*)${only}`;
    case 'sum': return type === 'integer' ? sql`CAST(sum(${col})${only} AS BIGINT)` : sql`CAST(sum(${exactCol})${only} AS DOUBLE)`;
    case 'avg': return sql`CAST(sum(${exactCol})${only} AS DOUBLE) / NULLIF(count(${col})${only}, 0)`;
    case 'min': return sql`min(${col})${only}`;
    case 'max': return sql`max(${col})${only}`;
    case 'first': return sql`first(${col} ORDER BY ${order('ASC NULLS FIRST')})${only}`;
    case 'last': return sql`first(${col} ORDER BY ${order('DESC NULLS LAST')})${only}`;
    case 'days_since_last': return sql`date_diff('day', max(${DAY})${only}, ${asOf})`;
    case 'days_since_first': return sql`date_diff('day', min(${DAY})${only}, ${asOf})`;
  }
}

/** One aggregate node of a chain computed together. */
export interface AggregateStep {
  nodeId: string;
  config: AggregateConfig;
}

/** The rows an aggregate looks at besides "at or before the as-of date": its window and rules. */
function ownFilter(config: AggregateConfig, events: Schema, asOf: Sql): Sql | undefined {
  const parts: Sql[] = [];
  // The rules first: they usually keep fewer events than the window, so most rows stop there.
  if (config.where) parts.push(compileCondition(config.where, { types: columnTypes(events), asOf, unknownDrops: true }));
  if (config.withinDays !== undefined) parts.push(sql`${DAY} >= ${asOf} - ${intLiteral(config.withinDays)}`);
  return parts.length ? sql`(${join(parts, ' AND ')})` : undefined;
}

/** The column of a per-customer summary holding one aggregate node's value. */
export const summaryColumn = (nodeId: string) => ident(`__segflow_${nodeId}`);

/**
 * Several aggregates over the same events in ONE pass: one filtered aggregate
 * each, in one GROUP BY of the key (column `__segflow_key`). A customer's
 * values depend on their own events only, so the summary serves any population.
 */
export function summarySql(steps: AggregateStep[], events: Relation, asOf: Sql): Sql {
  const ev = events.schema;
  const filters = steps.map((s) => ownFilter(s.config, ev, asOf));
  const values = steps.map((s, i) => sql`${aggregateSql(s.config, ev, asOf, filters[i], events.exact)} AS ${summaryColumn(s.nodeId)}`);
  const where = [sql`${DAY} <= ${asOf}`];
  // When every step looks at a subset, rows in none of them need not be grouped at all.
  if (filters.every(Boolean)) where.push(sql`(${join(filters as Sql[], ' OR ')})`);
  const dated = sql`(SELECT *, CAST(${ident(ev.timestamp!)} AS DATE) AS ${DAY} FROM ${events.from})`;
  return sql`SELECT ${ident(ev.key)} AS __segflow_key, ${join(values, ', ')}
    FROM ${dated} WHERE ${join(where, ' AND ')} GROUP BY ${ident(ev.key)}`;
}

/** A step's value in the summary row aliased `alias`: a customer without events counts and sums 0. */
export function summaryValue(step: AggregateStep, alias: Sql): Sql {
  const value = sql`${alias}.${summaryColumn(step.nodeId)}`;
  return step.config.fn === 'count' || step.config.fn === 'sum' ? sql`COALESCE(${value}, 0)` : value;
}

/**
 * The population with the steps' values joined from a summary (`summary` is a
 * table or a parenthesised SELECT of `summarySql`). `output` is the last step's
 * schema: columns made by a step take its value, the others come from `input`.
 */
export function joinSummary(steps: AggregateStep[], input: Relation, summary: Sql, output: Schema): Sql {
  const select = output.columns.map((c) => {
    const step = steps.find((s) => s.nodeId === c.origin);
    return step ? sql`${summaryValue(step, raw('a'))} AS ${ident(c.name)}` : sql`p.${ident(c.name)}`;
  });
  return sql`SELECT ${join(select, ', ')} FROM ${input.from} AS p LEFT JOIN ${summary} AS a ON p.${ident(input.schema.key)} = a.__segflow_key`;
}

/** A chain of aggregates over the same events in one pass, joined once to the customers. */
export function compileAggregates(steps: AggregateStep[], input: Relation, events: Relation, output: Schema, asOf: Sql): Sql {
  return joinSummary(steps, input, sql`(${summarySql(steps, events, asOf)})`, output);
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
  passesValues: 'rows',
  keepsEveryRow: true,
  columnsNeeded: (config, port, downstream) => (port === 'in' ? withoutOwn(downstream, config.as) : 'all'),
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
  compile: ({ nodeId, config, inputs, output, asOf }) => compileAggregates([{ nodeId, config }], inputs.in[0], inputs.events[0], output, asOf),
  evaluate: evaluateAggregate,
});
