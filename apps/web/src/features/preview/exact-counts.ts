import type { WorkflowInput } from '@segflow/engine';
import type { NodeCount } from '../../api/preview.queries.ts';

/**
 * What a node's count depends on: its kind and settings and, in order, those of
 * every step feeding it. Two documents giving a node the same lineage give it
 * the same count (at the same as-of), whatever else was edited.
 */
export function lineages(doc: WorkflowInput): Map<string, string> {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const incoming = new Map<string, { source: string; port: string }[]>();
  for (const e of doc.edges ?? []) incoming.set(e.target, [...(incoming.get(e.target) ?? []), { source: e.source, port: e.targetPort ?? 'in' }]);
  const done = new Map<string, string>();
  const visiting = new Set<string>();
  const lineageOf = (id: string): string => {
    const known = done.get(id);
    if (known !== undefined) return known;
    // A step on a loop has no count to keep.
    if (visiting.has(id)) return 'loop';
    visiting.add(id);
    const node = byId.get(id);
    const inputs = (incoming.get(id) ?? []).map((e) => [e.port, lineageOf(e.source)]);
    const key = JSON.stringify([id, node?.kind, node?.config, inputs]);
    visiting.delete(id);
    done.set(id, key);
    return key;
  };
  for (const n of doc.nodes) lineageOf(n.id);
  return done;
}

/** Exact counts by lineage, from the last exact answer of one workflow at one as-of. */
export interface ExactMemory {
  key: string;
  counts: Map<string, NodeCount>;
}

export function rememberExact(doc: WorkflowInput, counts: Readonly<Record<string, NodeCount>>, key: string): ExactMemory {
  const lines = lineages(doc);
  const kept = new Map<string, NodeCount>();
  for (const [id, count] of Object.entries(counts)) {
    const line = lines.get(id);
    if (count.exact && line !== undefined) kept.set(line, count);
  }
  return { key, counts: kept };
}

/**
 * Estimates for a recount, with the exact count kept for every node whose
 * lineage did not change: a recount after one edit must not turn the exact
 * counts of the steps it did not touch into "≈" for a moment.
 */
export function keepExact(doc: WorkflowInput, estimate: Readonly<Record<string, NodeCount>>, memory: ExactMemory | undefined, key: string): Record<string, NodeCount> {
  if (!memory || memory.key !== key) return { ...estimate };
  const lines = lineages(doc);
  return Object.fromEntries(Object.entries(estimate).map(([id, count]) => [id, (!count.exact && memory.counts.get(lines.get(id) ?? '')) || count]));
}

/**
 * "Counting…" is for counts not shown yet: none, those of an earlier version of
 * the document, or estimates waiting for their exact numbers. A refetch of
 * exact counts already on screen is no reason to say it.
 */
export function isCounting(fetching: boolean, current: boolean, counts: Readonly<Record<string, NodeCount>> | undefined): boolean {
  if (!fetching) return false;
  if (!current || !counts) return true;
  return Object.values(counts).some((c) => !c.exact);
}
