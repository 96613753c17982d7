import { describePath, type DescribableDocument, type WorkflowInput } from '@segflow/engine';
import type { NodeCount } from '../../api/preview.queries.ts';
import type { RunSummary } from '../../api/workflows.queries.ts';

export interface SegmentChange {
  segment: string;
  /** Size in the last finished run of the published version (or of any run when none is published). */
  before?: number;
  /** Size now, from the live preview of the draft. */
  after?: NodeCount;
  /** Who is in it, in words, read along its whole path ("Customers whose … , excluding …"). */
  words?: string;
}

const FINISHED = new Set(['succeeded', 'partial']);

/** The run whose segment sizes stand for "what is published now". */
export function baselineRun(runs: readonly RunSummary[] | undefined, publishedVersion: number | undefined): RunSummary | undefined {
  const finished = (runs ?? []).filter((r) => FINISHED.has(r.status) && r.segments);
  const sorted = [...finished].sort((a, b) => (b.startedAt ?? '').localeCompare(a.startedAt ?? ''));
  return (publishedVersion ? sorted.find((r) => r.version === publishedVersion) : undefined) ?? sorted[0];
}

/** Every segment of the draft and of the baseline, with both sizes where known. */
export function segmentChanges(doc: WorkflowInput, counts: Readonly<Record<string, NodeCount>>, baseline: Pick<RunSummary, 'segments'> | undefined): SegmentChange[] {
  const rows = new Map<string, SegmentChange>();
  for (const n of doc.nodes) {
    if (n.kind !== 'output') continue;
    const segment = String((n.config as { segment?: unknown })?.segment ?? n.id);
    rows.set(segment, { segment, after: counts[n.id], words: describePath(doc as DescribableDocument, n.id) });
  }
  for (const [segment, s] of Object.entries(baseline?.segments ?? {})) rows.set(segment, { ...(rows.get(segment) ?? { segment }), before: s });
  return [...rows.values()];
}

/** Today as the server counts it when a workflow has no as-of date: the UTC day. */
export const todayUtc = (now = new Date()) => now.toISOString().slice(0, 10);

/**
 * Whether the baseline's sizes can stand next to the preview's: only when both
 * were counted as of the same day. Otherwise a change of date would pass for a
 * change of the workflow (a segment of 567 "losing" 116 customers).
 */
export function sameAsOf(baselineAsOf: string | undefined, previewAsOf: string, today = todayUtc()): boolean {
  if (!baselineAsOf) return true;
  return baselineAsOf === (previewAsOf || today);
}
