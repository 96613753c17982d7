import { z } from 'zod';

/** Node and edge ids: 1-64 chars of [A-Za-z0-9_-] (spec: "Document"). */
export const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, _ or -');

export const RUN_MODES = ['sequential', 'parallel', 'hybrid'] as const;
export type RunMode = (typeof RUN_MODES)[number];

/** Limits that keep a hostile document from costing more than a real one. */
export const DOCUMENT_LIMITS = { nodes: 2000, edges: 10000, labelLength: 200, nameLength: 200, nesting: 80 } as const;

/**
 * How often a failed step is tried again, waiting `backoffMs` × 2^attempt
 * (with jitter, at most `maxBackoffMs`) in between. A partition retries alone.
 */
export const retryPolicySchema = z.object({
  attempts: z.number().int().min(1).max(10).default(3),
  backoffMs: z.number().int().min(0).max(60_000).default(250),
  maxBackoffMs: z.number().int().min(0).max(600_000).default(10_000),
});
export type RetryPolicy = z.infer<typeof retryPolicySchema>;
export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, backoffMs: 250, maxBackoffMs: 10_000 };

export const workflowNodeSchema = z.object({
  id: idSchema,
  kind: z.string().min(1).max(64),
  label: z.string().max(DOCUMENT_LIMITS.labelLength).optional(),
  position: z.object({ x: z.number().finite(), y: z.number().finite() }).optional(),
  // Checked by the node kind's own schema later. Kept as the same object (no copy), so
  // validation can reuse what it parsed for a node whose config did not change.
  config: z
    .custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'config must be an object')
    .default(() => ({})),
  retry: retryPolicySchema.optional(),
});

export const workflowEdgeSchema = z.object({
  id: z.string().min(1).max(64).optional(),
  source: z.string().min(1).max(64),
  target: z.string().min(1).max(64),
  targetPort: z.string().min(1).max(64).default('in'),
});

export const runDefaultsSchema = z.object({
  mode: z.enum(RUN_MODES).optional(),
  partitions: z.number().int().min(1).max(256).optional(),
  /** The as-of date for runs and previews that give none (default: today in UTC). */
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'not a real date').optional(),
});

export const workflowSchema = z.object({
  schemaVersion: z.literal(1),
  name: z.string().max(DOCUMENT_LIMITS.nameLength).default(''),
  nodes: z.array(workflowNodeSchema).max(DOCUMENT_LIMITS.nodes),
  edges: z.array(workflowEdgeSchema).max(DOCUMENT_LIMITS.edges).default([]),
  run: runDefaultsSchema.optional(),
});

/**
 * The document with its nodes and edges left unchecked: `parseWorkflow` checks
 * each of them apart, so an unchanged node object is not checked twice.
 */
export const workflowShellSchema = workflowSchema.extend({
  nodes: z.array(z.unknown()).max(DOCUMENT_LIMITS.nodes),
  edges: z.array(z.unknown()).max(DOCUMENT_LIMITS.edges).default([]),
});

export type Workflow = z.infer<typeof workflowSchema>;
export type WorkflowNode = z.infer<typeof workflowNodeSchema>;
export type WorkflowEdge = z.infer<typeof workflowEdgeSchema>;
/** The document as written, before defaults are filled in. */
export type WorkflowInput = z.input<typeof workflowSchema>;

/** An edge's id for messages and problems: its own id, or its position in the list. */
export const edgeId = (edge: WorkflowEdge, index: number) => edge.id ?? `edge-${index}`;
