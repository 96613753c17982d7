import { z } from 'zod';
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
