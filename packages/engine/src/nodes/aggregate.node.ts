import { evaluateAggregate } from '../evaluate/row-kinds.ts';
import { z } from 'zod';
import { AGGREGATE_FUNCTION_CHOICES, AGGREGATE_FUNCTIONS, checkCondition, shortText, conditionGroupSchema, eventRules, type AggregateFn, type Behaviour } from '../conditions/index.ts';
import { findColumn, isNumeric, keyType, type ColumnType, type Schema } from '../model/column.ts';
import { error, type Problem } from '../model/problem.ts';
import { defineNode } from './define-node.ts';
import { compileAggregates, joinSummary, summaryValue } from './event-summary.ts';
import { checkNewColumn, newColumnField, newColumnName, withColumn } from './new-column.ts';
import { withoutOwn } from './needed-columns.ts';

const FUNCTIONS = AGGREGATE_FUNCTIONS;
const NO_COLUMN: AggregateFn[] = ['count', 'days_since_last', 'days_since_first'];

const aggregateConfig = z.strictObject({
  as: newColumnName,
  fn: z.enum(FUNCTIONS),
  column: z.string().min(1).max(256).optional(),
  where: conditionGroupSchema.optional(),
  withinDays: z.number().int().min(0).max(100_000).optional(),
});
export type AggregateConfig = z.infer<typeof aggregateConfig>;

/** The type of an aggregate's value (a behaviour rule compares with a value of this type). */
export function resultType(fn: AggregateFn, columnType: ColumnType | undefined): ColumnType {
  if (fn === 'count' || fn === 'days_since_first' || fn === 'days_since_last') return 'integer';
  if (fn === 'avg') return 'number';
  return columnType ?? 'number';
}

/** The function's column against the events' columns; `field` names the setting in problems (default: the column). */
export function checkColumn({ fn, column }: Behaviour, events: Schema, nodeId: string, field?: string): Problem[] {
  if (NO_COLUMN.includes(fn))
    return column ? [error('invalid_config', `"${fn}" takes no column.`, { nodeId, field: field ?? column })] : [];
  if (!column) return [error('invalid_config', `"${fn}" needs the event column to aggregate.`, { nodeId, ...(field ? { field } : {}) })];
  const type = findColumn(events, column)?.type;
  if (!type) return [error('unknown_field', `The events have no column "${column}".`, { nodeId, field: field ?? column })];
  if ((fn === 'sum' || fn === 'avg') && !isNumeric(type))
    return [error('type_mismatch', `"${fn}" needs a number column, "${column}" is ${type}.`, { nodeId, field: field ?? column })];
  return [];
}

export const aggregateNode = defineNode({
  kind: 'aggregate',
  role: 'enrichment',
  label: 'Aggregate events',
  help: 'Add a per-customer figure from their events: count, sum, average, recency…',
  icon: 'sigma',
  scope: 'row',
  fields: [
    newColumnField,
    { key: 'fn', label: 'Figure', widget: 'select', options: AGGREGATE_FUNCTION_CHOICES.map((c) => ({ value: c.fn, label: c.label })) },
    {
      key: 'column', label: 'Event column', widget: 'column', port: 'events',
      visibleWhen: { key: 'fn', in: AGGREGATE_FUNCTION_CHOICES.filter((c) => c.needsColumn).map((c) => c.fn) },
      typesWhen: { key: 'fn', types: Object.fromEntries(AGGREGATE_FUNCTION_CHOICES.filter((c) => c.numeric).map((c) => [c.fn, ['integer', 'number']])) },
    },
    { key: 'withinDays', label: 'Only events in the last … days', name: 'Within days', widget: 'number', min: 0, placeholder: 'all time', help: 'Leave empty for all events up to the as-of date.' },
    { key: 'where', label: 'Only events matching', widget: 'event-rules', port: 'events' },
  ],
  summary: ({ as, fn, column, withinDays }) =>
    shortText(`${as ?? '?'} = ${fn ?? 'count'}${column ? `(${column})` : ''}${withinDays !== undefined ? `, ${withinDays} days` : ''}`),
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
    if (config.where && eventRules(config.where).length)
      problems.push(error('invalid_config', 'The rules on events cannot hold behaviour or sequence rules themselves.', { nodeId, field: 'where' }));
    if (keyType(input) !== keyType(events))
      problems.push(error('type_mismatch', `Customer keys are ${keyType(input)} but event keys are ${keyType(events)}.`, { nodeId }));
    const columnType = config.column === undefined ? undefined : findColumn(events, config.column)?.type;
    return { schema: withColumn(input, config.as, resultType(config.fn, columnType), nodeId), problems };
  },
  compile: ({ nodeId, config, inputs, output, asOf, dialect }) => compileAggregates([{ nodeId, config }], inputs.in[0], inputs.events[0], output, asOf, dialect),
  eventSummary: {
    steps: (nodeId, config) => [{ nodeId, config }],
    compile: ({ customers, summary, steps, output }) => joinSummary(steps, customers, summary.from, output),
    value: (nodeId, config, summary) => summaryValue({ nodeId, config }, summary),
  },
  evaluate: evaluateAggregate,
});
