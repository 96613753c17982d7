import { z } from 'zod';
import { COLUMN_TYPES } from '@segflow/engine';
import { problemSchema } from './common.ts';

/** A node's row count: exact, or an estimate from a sample with its error bound. */
export const nodeCountSchema = z.object({
  rows: z.number(),
  exact: z.boolean(),
  /** For estimates: ± this many rows (about 95% confidence). */
  bound: z.number().optional(),
  kind: z.enum(['exact', 'estimate']),
});

export const previewResultSchema = z.object({
  counts: z.record(z.string(), nodeCountSchema),
  problems: z.array(problemSchema),
  /** Node ids computed for this preview; the others came from the cache. */
  computed: z.array(z.string()),
});

/** The first customers at a node, with the columns there. */
export const memberRowsSchema = z.object({
  columns: z.array(z.object({ name: z.string(), type: z.string() })),
  rows: z.array(z.record(z.string(), z.unknown())),
});

/** What validating a document answers: 200 either way, reporting is the job. */
export const validationSchema = z.object({
  ok: z.boolean(),
  problems: z.array(problemSchema),
  /** What the server found for each source node: its file's columns, or why it cannot be read. */
  sources: z.record(z.string(), z.object({ ok: z.boolean(), columns: z.array(z.object({ name: z.string(), type: z.string() })).optional(), message: z.string().optional() })),
});

export type NodeCountView = z.infer<typeof nodeCountSchema>;
export type PreviewResultView = z.infer<typeof previewResultSchema>;
export type MemberRowsView = z.infer<typeof memberRowsSchema>;
export type Validation = z.infer<typeof validationSchema>;

/** A column's most frequent values at a node (value suggestions), and the spread of a number column. */
export const columnValuesSchema = z.object({
  column: z.string(),
  type: z.enum(COLUMN_TYPES),
  /** Rows at the node, and how many of them have no value in the column. */
  rows: z.number().int(),
  empty: z.number().int(),
  /** Most frequent first, ties by value; at most 20. */
  top: z.array(z.object({ value: z.union([z.string(), z.number(), z.boolean()]), count: z.number().int() })),
  /** Only for integer and number columns. */
  min: z.number().nullable().optional(),
  median: z.number().nullable().optional(),
  max: z.number().nullable().optional(),
});

/** Per top-level rule of a filter: customers passing it alone and remaining after it (null: not computable). */
export const ruleCountsSchema = z.object({
  /** Customers arriving at the filter. */
  input: z.number().int().nullable(),
  rules: z.array(z.object({ index: z.number().int(), id: z.string().optional(), alone: z.number().int().nullable(), remaining: z.number().int().nullable() })),
});

export type ColumnValuesView = z.infer<typeof columnValuesSchema>;
export type RuleCountsView = z.infer<typeof ruleCountsSchema>;
