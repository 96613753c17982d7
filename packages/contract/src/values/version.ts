import { z } from 'zod';
import { documentSchema, idSchema, timestamp } from './common.ts';

/** Segment name → customers in it. */
export const segmentCountsSchema = z.record(z.string(), z.number().int());

export const versionSchema = z.object({
  workflowId: idSchema,
  /** The version number: 1, 2, … in order of publishing. */
  n: z.number().int().min(1),
  note: z.string(),
  createdAt: timestamp,
});

export const versionRecordSchema = versionSchema.extend({ document: documentSchema });

/** A version in the list, with the segment sizes of its newest succeeded run. */
export const versionListItemSchema = versionSchema.extend({
  lastRun: z.object({ id: idSchema, asOf: z.string(), finishedAt: timestamp.nullable(), segments: segmentCountsSchema.nullable() }).nullable(),
});

const valueChange = z.object({ key: z.string(), from: z.unknown().optional(), to: z.unknown().optional() });
const nodeRef = z.object({ id: z.string(), kind: z.string(), label: z.string().optional() });
const edgeRef = z.object({ source: z.string(), target: z.string(), targetPort: z.string() });

/** What changed between two documents, in terms a reviewer reads: nodes and edges, not JSON lines. */
export const documentDiffSchema = z.object({
  nodes: z.object({
    added: z.array(nodeRef),
    removed: z.array(nodeRef),
    changed: z.array(z.object({ id: z.string(), kind: z.string(), fields: z.array(valueChange), config: z.array(valueChange) })),
    /** Only their position on the canvas changed. */
    moved: z.array(z.string()),
  }),
  edges: z.object({ added: z.array(edgeRef), removed: z.array(edgeRef) }),
  /** Document-level settings: name, run defaults. */
  settings: z.array(valueChange),
});

/** Version n against version m, or against the draft. */
export const versionDiffSchema = documentDiffSchema.extend({ from: z.number().int(), to: z.union([z.number().int(), z.literal('draft')]) });

export type Version = z.infer<typeof versionSchema>;
export type VersionRecord = z.infer<typeof versionRecordSchema>;
export type VersionListItem = z.infer<typeof versionListItemSchema>;
export type VersionDiff = z.infer<typeof versionDiffSchema>;
export type DocumentDiff = z.infer<typeof documentDiffSchema>;
