import { z } from 'zod';
import { idSchema, problemSchema, timestamp } from './common.ts';
import { nodeRunStatusSchema, runSummarySchema, segmentChangeSchema } from './run.ts';
import { runModeSchema, runStatusSchema } from './workflow.ts';

export const firingSchema = z.object({
  occurrence: timestamp,
  firstOccurrence: timestamp,
  /** How many occurrences this firing stands for (missed ones caught up at once). */
  covers: z.number().int(),
  outcome: z.enum(['starting', 'started', 'caught-up', 'missed', 'skipped', 'failed']),
  runId: idSchema.nullable(),
  message: z.string().nullable(),
  at: timestamp,
});

export const scheduleSchema = z.object({
  id: idSchema,
  workflowId: idSchema,
  cron: z.string(),
  timezone: z.string(),
  /** What the schedule names; `runs` is the version it would run now. */
  version: z.union([z.literal('latest'), z.number().int()]),
  runs: z.number().int().nullable(),
  mode: runModeSchema.nullable(),
  partitions: z.number().int().nullable(),
  catchUp: z.boolean(),
  paused: z.boolean(),
  pausedAt: timestamp.nullable(),
  description: z.string(),
  next: z.array(timestamp),
  lastFiring: firingSchema.nullable(),
  firings: z.array(firingSchema).optional(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const cronDescriptionSchema = z.object({ cron: z.string(), timezone: z.string(), description: z.string(), next: z.array(timestamp) });

export const alertSchema = z.object({
  id: z.number().int(),
  workflowId: idSchema,
  workflowName: z.string().nullable(),
  runId: idSchema.nullable(),
  scheduleId: idSchema.nullable(),
  kind: z.enum(['run_failed', 'run_partial', 'segment_out_of_range', 'segment_change', 'data_quality', 'schedule_failed', 'schedule_missed']),
  severity: z.enum(['critical', 'warning']),
  subject: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()),
  createdAt: timestamp,
  readAt: timestamp.nullable(),
  delivery: z.enum(['none', 'pending', 'sending', 'retry', 'sent', 'failed', 'unknown']),
  attempts: z.number().int(),
  deliveryError: z.string().nullable(),
  sentAt: timestamp.nullable(),
});

/** A workflow's alert settings; the webhook URL is write-only, so only its host is shown. */
export const alertSettingsSchema = z.object({
  workflowId: idSchema,
  outputs: z.record(z.string(), z.object({ maxChangePct: z.number().optional() })),
  dataQualityThreshold: z.number(),
  webhook: z.object({ own: z.string().nullable(), server: z.boolean() }),
});

/** An output's expected size range (the band on the history chart). */
/** An output's expected size range, as the document writes it. */
export const expectSchema = z.object({ min: z.number().int().optional(), max: z.number().int().optional(), enforce: z.boolean().optional() });

export const historySchema = z.object({
  workflowId: idSchema,
  publishedVersion: z.number().int().nullable(),
  outputs: z.array(z.object({
    nodeId: z.string(), segment: z.string(), label: z.string(), expect: expectSchema.nullable(), maxChangePct: z.number().nullable(),
  })),
  runs: z.array(runSummarySchema.extend({
    trigger: z.enum(['manual', 'schedule']),
    scheduleId: idSchema.nullable(),
    expect: z.record(z.string(), expectSchema),
    alerts: z.number().int(),
    /** Published runs: who entered and left each segment since the last delivered run, and how many a suppression list held back. */
    changes: z.record(z.string(), segmentChangeSchema),
  })),
});

const runHead = z.object({
  id: idSchema, version: z.number().int().nullable(), status: runStatusSchema, mode: runModeSchema, asOf: z.string(),
  createdAt: timestamp, finishedAt: timestamp.nullable(), ms: z.number().nullable(),
});
const change = { diff: z.number().nullable(), changePct: z.number().nullable() };

/** Two runs of one workflow side by side, node by node and segment by segment. */
export const runComparisonSchema = z.object({
  a: runHead,
  b: runHead,
  nodes: z.array(z.object({
    nodeId: z.string(), label: z.string(), kind: z.string(), a: z.number().nullable(), b: z.number().nullable(),
    statusA: nodeRunStatusSchema.nullable(), statusB: nodeRunStatusSchema.nullable(), inA: z.boolean(), inB: z.boolean(), ...change,
  })),
  segments: z.array(z.object({ segment: z.string(), a: z.number().nullable(), b: z.number().nullable(), ...change })),
});

export const datasetSchema = z.object({
  name: z.string(),
  format: z.enum(['csv', 'parquet', 'json']),
  size: z.number().int(),
  modifiedAt: timestamp,
  rows: z.number().int().nullable(),
  columns: z.array(z.object({ name: z.string(), type: z.string() })),
  /** The last day in each date or timestamp column (`YYYY-MM-DD`): how far the data runs. */
  latest: z.record(z.string(), z.string()).optional(),
  /** Why the file cannot be read, when it cannot. */
  error: z.string().optional(),
});

export const datasetReplacedSchema = z.object({
  dataset: datasetSchema,
  /** Workflows that read the dataset and no longer check out against it. */
  affected: z.array(z.object({ id: idSchema, name: z.string(), where: z.string(), problems: z.array(problemSchema) })),
});

/** Sequential against parallel on a sample: the timings and whether they agree. */
const modeTiming = z.object({
  ms: z.number(),
  /** Of `ms`, the time until every source was read: the part a sample does not shrink. */
  readMs: z.number(),
  stages: z.array(z.object({ id: z.string(), nodes: z.array(z.string()), ms: z.number() })),
  segments: z.record(z.string(), z.number()),
  status: z.string(),
});
export const modeComparisonSchema = z.object({
  sample: z.number(),
  partitions: z.number().int().nullable(),
  asOf: z.string(),
  modes: z.record(runModeSchema, modeTiming),
  /** Per mode: reading the files plus the rest scaled by 1 / sample. A linear estimate. */
  projection: z.record(runModeSchema, z.number()),
  note: z.string(),
});

export type Schedule = z.infer<typeof scheduleSchema>;
export type Firing = z.infer<typeof firingSchema>;
export type CronDescription = z.infer<typeof cronDescriptionSchema>;
export type ModeComparison = z.infer<typeof modeComparisonSchema>;
export type DatasetReplaced = z.infer<typeof datasetReplacedSchema>;
export type AlertView = z.infer<typeof alertSchema>;
export type AlertSettingsView = z.infer<typeof alertSettingsSchema>;
export type History = z.infer<typeof historySchema>;
export type RunComparison = z.infer<typeof runComparisonSchema>;
export type Dataset = z.infer<typeof datasetSchema>;
