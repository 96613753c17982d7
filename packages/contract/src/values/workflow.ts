import { z } from 'zod';
import { RUN_MODES } from '@segflow/engine';
import { documentSchema, idSchema, timestamp } from './common.ts';

export const runStatusSchema = z.enum(['queued', 'running', 'succeeded', 'partial', 'failed', 'cancelled']);
export const runModeSchema = z.enum(RUN_MODES);

/** A workflow as lists show it: everything but the document. */
export const workflowSummarySchema = z.object({
  id: idSchema,
  name: z.string(),
  /** Increments on every change to the draft; a write naming an older one is refused. */
  revision: z.number().int(),
  publishedVersion: z.number().int().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

/** A workflow with its draft document (credentials redacted). */
export const workflowRecordSchema = workflowSummarySchema.extend({ document: documentSchema });

/** The latest run of a workflow, as the workflow list shows it. */
export const lastRunSchema = z.object({ id: idSchema, status: runStatusSchema, createdAt: timestamp });

export const workflowListItemSchema = workflowSummarySchema.extend({ lastRun: lastRunSchema.nullable() });

export type WorkflowSummary = z.infer<typeof workflowSummarySchema>;
export type WorkflowRecord = z.infer<typeof workflowRecordSchema>;
export type WorkflowListItem = z.infer<typeof workflowListItemSchema>;
