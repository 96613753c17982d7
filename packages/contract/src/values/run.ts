import { z } from 'zod';
import { idSchema, problemSchema, timestamp } from './common.ts';
import { segmentCountsSchema } from './version.ts';
import { runModeSchema, runStatusSchema } from './workflow.ts';

export const nodeRunStatusSchema = z.enum(['pending', 'running', 'succeeded', 'warning', 'failed', 'skipped', 'retrying']);

export const nodeRunStateSchema = z.object({
  status: nodeRunStatusSchema,
  rows: z.number(),
  ms: z.number(),
  partitionCount: z.number().int(),
  partitions: z.record(z.string(), z.object({ status: nodeRunStatusSchema, rows: z.number().optional(), ms: z.number().optional() })),
  problems: z.array(problemSchema),
  error: z.string().optional(),
  startedAt: timestamp.optional(),
  finishedAt: timestamp.optional(),
  attempts: z.number().int(),
  /** Completed fraction while running, 0..1. */
  progress: z.number(),
});

export const stageSchema = z.object({ id: z.string(), nodes: z.array(z.string()), partitioned: z.boolean(), dependsOn: z.array(z.string()) });

/** Published runs: members since the last delivered run, those gone since, and those a suppression list left out. */
export const segmentChangeSchema = z.object({ entered: z.number().int().optional(), exited: z.number().int().optional(), suppressed: z.number().int().optional() });

/** A line of run history. */
export const runSummarySchema = z.object({
  id: idSchema,
  /** The published version that ran; null for a draft. */
  version: z.number().int().nullable(),
  status: runStatusSchema,
  mode: runModeSchema,
  partitions: z.number().int(),
  asOf: z.string(),
  createdAt: timestamp,
  startedAt: timestamp.nullable(),
  finishedAt: timestamp.nullable(),
  ms: z.number().nullable(),
  note: z.string().nullable(),
  /** POST /api/runs/:id/retry would run its failed and skipped nodes again. */
  retryable: z.boolean(),
  segments: segmentCountsSchema,
});

/** A run as the API shows it: the row, the freshest state, and where to download each segment. */
export const runViewSchema = runSummarySchema.extend({
  workflowId: idSchema,
  queuePosition: z.number().int().optional(),
  problems: z.array(problemSchema),
  prunedAt: timestamp.nullable(),
  /** Webhook batches and tables delivered so far. */
  delivered: z.number().int(),
  stages: z.array(stageSchema),
  nodes: z.record(z.string(), nodeRunStateSchema),
  segments: z.record(z.string(), segmentChangeSchema.extend({ count: z.number().int(), path: z.string(), url: z.string().optional() })),
  lastSeq: z.number().int(),
});

/** What starting, retrying or cancelling a run answers. */
export const runStartedSchema = z.object({ runId: idSchema, status: runStatusSchema, queuePosition: z.number().int().optional() });

/** A cancel takes effect at once for a queued run; a running one is `cancelling` until its steps stop. */
export const runCancelSchema = z.object({ runId: idSchema, status: z.enum(['cancelled', 'cancelling']) });

/** One event of a run's stream (`data:` of the server-sent events); `type` says which. */
export const runEventSchema = z.looseObject({ type: z.string(), seq: z.number().int().optional() });

export type RunSummary = z.infer<typeof runSummarySchema>;
export type RunView = z.infer<typeof runViewSchema>;
export type RunStarted = z.infer<typeof runStartedSchema>;
export type NodeRunView = z.infer<typeof nodeRunStateSchema>;
