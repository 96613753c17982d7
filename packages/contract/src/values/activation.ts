import { z } from 'zod';
import { idSchema, timestamp } from './common.ts';
import { expectSchema } from './operations.ts';

/** A dataset marked as a suppression list: published outputs leave its keys out. */
export const suppressionListSchema = z.object({
  dataset: z.string(),
  /** The column holding the keys. */
  key: z.string(),
  /** An optional column saying why (shown, never used to decide). */
  reason: z.string().nullable(),
  /** An optional date column: the key is suppressed until then. */
  expires: z.string().nullable(),
  createdAt: timestamp,
  createdBy: z.string().nullable(),
});

/** What the next delivery of one output would send, against what its destination last received. */
export const drySegmentSchema = z.object({
  nodeId: z.string(),
  segment: z.string(),
  /** Who the next delivery would send, after suppression. */
  count: z.number().int(),
  suppressed: z.number().int(),
  entered: z.number().int(),
  exited: z.number().int(),
  unchanged: z.number().int(),
  /** The run whose delivered members this is compared with; null before the first delivery. */
  baseRunId: idSchema.nullable(),
  previousCount: z.number().int().nullable(),
  expect: expectSchema.nullable(),
  /** Plain words when the size is outside the expected range. */
  outsideExpected: z.string().nullable(),
  /** A few keys of each kind. */
  samples: z.object({ entered: z.array(z.string()), exited: z.array(z.string()), unchanged: z.array(z.string()) }),
});

export const dryRunSchema = z.object({
  workflowId: idSchema,
  /** The version computed; null for the draft. */
  version: z.number().int().nullable(),
  segments: z.array(drySegmentSchema),
});

/** One customer's entries into and exits from each segment, run by run. */
export const membershipHistorySchema = z.object({
  workflowId: idSchema,
  key: z.string(),
  segments: z.array(z.object({
    nodeId: z.string(),
    segment: z.string(),
    /** In the segment as of the newest run that kept it. */
    member: z.boolean(),
    events: z.array(z.object({ runId: idSchema, version: z.number().int().nullable(), at: timestamp, change: z.enum(['entered', 'exited']) })),
    /** Runs whose member keys are kept for this output (older ones were pruned). */
    runs: z.number().int(),
  })),
});

export type SuppressionListView = z.infer<typeof suppressionListSchema>;
export type DrySegment = z.infer<typeof drySegmentSchema>;
export type DryRunView = z.infer<typeof dryRunSchema>;
export type MembershipHistory = z.infer<typeof membershipHistorySchema>;
