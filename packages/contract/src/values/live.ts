import { z } from 'zod';
import { timestamp } from './common.ts';

/** Differences a reconcile found between the live audience and a batch computation, per segment. */
export const reconcileCountsSchema = z.object({
  segment: z.string(),
  /** Customers in the batch's segment. */
  batch: z.number().int(),
  /** Customers the live audience had in it. */
  live: z.number().int(),
  /** In the batch's segment, missing from the live one: they enter now. */
  missing: z.number().int(),
  /** In the live segment, not in the batch's: they exit now. */
  extra: z.number().int(),
});

export const reconcileSchema = z.object({
  workflowId: z.string(),
  version: z.number().int(),
  at: timestamp,
  /** `nightly` or `request`. */
  trigger: z.string(),
  segments: z.array(reconcileCountsSchema),
  /** Customers whose membership was fixed, over every segment. */
  fixed: z.number().int(),
});

/** Whether a workflow's published version keeps a live audience, and how it stands. */
export const liveStatusSchema = z.object({
  enabled: z.boolean(),
  /** The published version the live audience evaluates with, when there is one. */
  version: z.number().int().nullable(),
  /** Customers the live audience holds a profile or events of. */
  customers: z.number().int(),
  /** Members per segment right now. */
  members: z.record(z.string(), z.number().int()),
  /** Enters and exits not yet accepted by every webhook. */
  pendingDeliveries: z.number().int(),
  lastReconcile: reconcileSchema.nullable(),
});

/** One enter or exit, as the membership stream and webhooks carry it. */
export const membershipChangeSchema = z.object({
  seq: z.number().int(),
  workflowId: z.string(),
  version: z.number().int(),
  segment: z.string(),
  key: z.union([z.string(), z.number()]),
  change: z.enum(['enter', 'exit']),
  at: timestamp,
  /** What caused it: `event:ID`, `profile` or `reconcile`. */
  cause: z.string(),
  /** The output's row, for an enter. */
  row: z.record(z.string(), z.unknown()).nullable(),
});

export const ingestResultSchema = z.object({
  /** Events stored now; events whose id was already stored are counted in `duplicates`. */
  accepted: z.number().int(),
  duplicates: z.number().int(),
  profiles: z.number().int(),
  /** Workflows the events were applied to. */
  workflows: z.array(z.string()),
  /** Enters and exits they caused. */
  changes: z.number().int(),
});

export type ReconcileView = z.infer<typeof reconcileSchema>;
export type LiveStatusView = z.infer<typeof liveStatusSchema>;
