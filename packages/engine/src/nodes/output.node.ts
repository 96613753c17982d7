import { evaluateOutput } from '../evaluate/combine-kinds.ts';
import { z } from 'zod';
import { error, type Problem } from '../model/problem.ts';
import { ident, join, sql } from '../sql/sql.ts';
import { defineNode } from './define-node.ts';
import { shortText } from '../conditions/index.ts';
import { checkWebhookUrl, deliveryMode, postgresDestination, webhookDestination } from '../destinations/destination-schema.ts';
import { checkPostgresConnection } from '../destinations/postgres-url.ts';
import { plainNumber } from '../messages/plain-number.ts';

export const SEGMENT_NAME = /^[A-Za-z0-9_-]{1,64}$/;

export const fileDestination = z.strictObject({ type: z.enum(['csv', 'parquet', 'json']), path: z.string().min(1).max(1024), delivery: deliveryMode });
export type FileDestination = z.infer<typeof fileDestination>;
export const isFileDestination = (d: { type: string }): d is FileDestination => d.type === 'csv' || d.type === 'parquet' || d.type === 'json';

export const outputConfig = z.strictObject({
  segment: z.string().regex(SEGMENT_NAME, 'a segment name is 1-64 letters, digits, _ or -'),
  destination: z.union([fileDestination, webhookDestination, postgresDestination]),
  fields: z.array(z.string().min(1).max(256)).max(500).optional(),
  expect: z
    .strictObject({ min: z.number().int().min(0).optional(), max: z.number().int().min(0).optional(), enforce: z.boolean().optional() })
    .refine((e) => e.min === undefined || e.max === undefined || e.min <= e.max, 'the smallest size must not be above the largest')
    .optional(),
});
export type OutputConfig = z.infer<typeof outputConfig>;

/** How a segment of `rows` customers misses its output's expected size ("outside the expected 100–5,000"); undefined when it does not. */
export function outsideExpectedSize(expect: OutputConfig['expect'], rows: number): string | undefined {
  const { min, max } = expect ?? {};
  if (!(min !== undefined && rows < min) && !(max !== undefined && rows > max)) return undefined;
  if (max === undefined) return `under the expected minimum of ${plainNumber(min!)}`;
  if (min === undefined) return `over the expected maximum of ${plainNumber(max)}`;
  return `outside the expected ${plainNumber(min)}–${plainNumber(max)}`;
}

/** The key first, then the chosen fields (or every column), without repeating the key. */
export function outputColumns(config: OutputConfig, key: string, all: string[]): string[] {
  return [key, ...(config.fields ?? all).filter((f) => f !== key)];
}

export const outputNode = defineNode({
  kind: 'output',
  role: 'output',
  label: 'Segment output',
  help: 'Name the segment and deliver it: a file, a webhook or a PostgreSQL table; optionally check its size.',
  icon: 'send',
  scope: 'sink',
  fields: [
    { key: 'segment', label: 'Segment name', widget: 'delivery' },
    { key: 'fields', label: 'Columns to deliver', widget: 'columns', toggle: 'Choose which columns to deliver' },
    { key: 'expect.min', label: 'Expected size: at least', name: 'At least', widget: 'number', min: 0, placeholder: 'no minimum' },
    { key: 'expect.max', label: 'Expected size: at most', name: 'At most', widget: 'number', min: 0, placeholder: 'no maximum', help: 'A run outside this range ends this step with a warning.' },
    {
      key: 'expect.enforce', label: 'Fail the step instead of warning', widget: 'checkbox',
      visibleWhen: { any: [{ key: 'expect.min', set: true }, { key: 'expect.max', set: true }] },
    },
  ],
  summary: ({ segment }) => shortText(`→ ${segment ?? '?'}`),
  cheapToRecompute: true,
  keepsEveryRow: true,
  columnsNeeded: (config) => (config.fields ? new Set(config.fields) : 'all'),
  inputs: { in: { accepts: 'population', label: 'Customers' } },
  output: null,
  config: outputConfig,
  defaultConfig: () => ({ segment: 'my_segment', destination: { type: 'csv', path: 'my_segment.csv' } }),
  infer({ nodeId, config, inputs, addressAllowList }) {
    const input = inputs.in[0];
    const problems: Problem[] = [];
    const destination = config.destination;
    if (destination.type === 'webhook') {
      const refused = checkWebhookUrl(destination.url, addressAllowList ?? {});
      if (refused) problems.push(error('invalid_config', refused, { nodeId, field: 'destination.url' }));
    }
    if (destination.type === 'postgres') {
      const refused = checkPostgresConnection(destination.connection, addressAllowList ?? {});
      if (refused) problems.push(error('invalid_config', refused, { nodeId, field: 'destination.connection' }));
    }
    for (const field of config.fields ?? [])
      if (!input.columns.some((c) => c.name === field))
        problems.push(error('unknown_field', `No column "${field}" reaches this output.`, { nodeId, field }));
    // Every column with the key first is the input's own list: most outputs.
    const columns = !config.fields && input.columns[0]?.name === input.key
      ? input.columns
      : outputColumns(config, input.key, input.columns.map((c) => c.name)).flatMap((n) => input.columns.find((c) => c.name === n) ?? []);
    if (destination.type === 'postgres' && destination.key && !columns.some((c) => c.name === destination.key))
      problems.push(error('unknown_field', `The table key "${destination.key}" is not among the segment's columns.`, { nodeId, field: destination.key }));
    return { schema: { ...input, columns }, problems };
  },
  compile({ inputs, output }) {
    const input = inputs.in[0];
    // Sorted by key, so the same segment gives the same file in every mode.
    return sql`SELECT ${join(output.columns.map((c) => ident(c.name)), ', ')} FROM ${input.from} AS __segflow_segment ORDER BY ${ident(output.key)}`;
  },
  delivery: (config) => config,
  evaluate: evaluateOutput,
});
