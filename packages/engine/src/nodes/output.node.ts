import { z } from 'zod';
import { error, type Problem } from '../model/problem.ts';
import { ident, join, sql } from '../sql/sql.ts';
import { defineNode } from './define-node.ts';

export const SEGMENT_NAME = /^[A-Za-z0-9_-]{1,64}$/;

const fileDestination = z.object({ type: z.enum(['csv', 'parquet', 'json']), path: z.string().min(1).max(1024) });

export const outputConfig = z.object({
  segment: z.string().regex(SEGMENT_NAME, 'a segment name is 1-64 letters, digits, _ or -'),
  destination: fileDestination,
  fields: z.array(z.string().min(1).max(256)).max(500).optional(),
  expect: z
    .object({ min: z.number().int().min(0).optional(), max: z.number().int().min(0).optional(), enforce: z.boolean().optional() })
    .refine((e) => e.min === undefined || e.max === undefined || e.min <= e.max, 'min must not exceed max')
    .optional(),
});
export type OutputConfig = z.infer<typeof outputConfig>;

/** The key first, then the chosen fields (or every column), without repeating the key. */
export function outputColumns(config: OutputConfig, key: string, all: string[]): string[] {
  return [key, ...(config.fields ?? all).filter((f) => f !== key)];
}

export const outputNode = defineNode({
  kind: 'output',
  role: 'output',
  label: 'Segment output',
  help: 'Name the segment and deliver it to a file; optionally check its size.',
  icon: 'send',
  scope: 'sink',
  inputs: { in: { accepts: 'population', label: 'Customers' } },
  output: null,
  config: outputConfig,
  defaultConfig: () => ({ segment: 'my_segment', destination: { type: 'csv', path: 'my_segment.csv' } }),
  infer({ nodeId, config, inputs }) {
    const input = inputs.in[0];
    const problems: Problem[] = [];
    for (const field of config.fields ?? [])
      if (!input.columns.some((c) => c.name === field))
        problems.push(error('unknown_field', `No column "${field}" reaches this output.`, { nodeId, field }));
    const names = outputColumns(config, input.key, input.columns.map((c) => c.name));
    const columns = names.flatMap((n) => input.columns.filter((c) => c.name === n));
    return { schema: { ...input, columns }, problems };
  },
  compile({ inputs, output }) {
    const input = inputs.in[0];
    // Sorted by key, so the same segment gives the same file in every mode.
    return sql`SELECT ${join(output.columns.map((c) => ident(c.name)), ', ')} FROM ${input.from} ORDER BY ${ident(output.key)}`;
  },
});
