import { evaluateEvents } from '../evaluate/row-kinds.ts';
import { z } from 'zod';
import { isTemporal } from '../model/column.ts';
import { error } from '../model/problem.ts';
import { sql } from '../sql/sql.ts';
import { defineNode } from './define-node.ts';
import { ingestionFields, ingestionSummary, inferReadColumns, missingKey, qualitySql, readConfigShape, readSelectList, warehouseReadShape } from './ingestion.ts';

const timestamp = z.string().min(1).max(256);
const eventsConfig = z.discriminatedUnion('format', [
  z.strictObject({ ...readConfigShape, timestamp }),
  z.strictObject({ ...warehouseReadShape, timestamp }),
]);

export const eventsNode = defineNode({
  kind: 'events',
  role: 'ingestion',
  label: 'Events',
  help: 'Event rows from a file or a warehouse table (orders, visits…): many rows per customer, each with a time.',
  icon: 'activity',
  scope: 'source',
  fields: ingestionFields,
  summary: ingestionSummary,
  inputs: {},
  output: 'events',
  config: eventsConfig,
  defaultConfig: () => ({ format: 'csv', path: '', key: 'customer_id', timestamp: 'event_time' }),
  infer(ctx) {
    const { columns, problems } = inferReadColumns(ctx);
    if (!columns) return { problems };
    const { nodeId, config } = ctx;
    const ts = columns.find((c) => c.name === config.timestamp);
    if (!ts) problems.push(error('unknown_field', `The time column "${config.timestamp}" is not in the ${'table' in config ? 'table' : 'file'}.`, { nodeId, field: config.timestamp }));
    else if (!isTemporal(ts.type))
      problems.push(error('type_mismatch', `The time column "${config.timestamp}" must hold dates or timestamps, not ${ts.type}.`, { nodeId, field: config.timestamp }));
    if (problems.some((p) => p.severity === 'error')) return { problems };
    return { schema: { kind: 'events', key: config.key, timestamp: config.timestamp, columns }, problems };
  },
  // Events are never deduplicated: only rows without a key are dropped.
  compile: (ctx) => sql`SELECT ${readSelectList(ctx)} FROM ${ctx.raw!} WHERE NOT ${missingKey(ctx)}`,
  quality: qualitySql,
  read: (config) => config,
  evaluate: evaluateEvents,
});
