import type { WorkflowInput } from '@segflow/engine';
import type { NodeCount } from '../../api/preview.queries.ts';

/**
 * Lineages by number, one table for the documents compared: a step's number
 * stands for its id, kind and settings and the numbers of the steps feeding it,
 * so two steps given the same number by one table have the same lineage.
 * Writing a lineage out instead, with its inputs' lineages inside it, escapes
 * them once more at every step: it grew fourfold per step of a chain, and a
 * chain 23 steps deep made strings past what the browser can hold (the tab
 * crashed as the first exact counts arrived).
 */
export type LineageNumbers = Map<string, number>;

/** Stands in for a step's lineage while it is being named: a step on a loop. */
const ON_A_LOOP = -1;

/**
 * What a node's count depends on: its kind and settings and, in order, those of
 * every step feeding it, as a number from `numbers` (new lineages are added to
 * it). Two documents giving a node the same lineage give it the same count (at
 * the same as-of), whatever else was edited.
 */
export function lineages(doc: WorkflowInput, numbers: LineageNumbers = new Map()): Map<string, number> {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const incoming = new Map<string, { source: string; port: string }[]>();
  for (const e of doc.edges ?? []) incoming.set(e.target, [...(incoming.get(e.target) ?? []), { source: e.source, port: e.targetPort ?? 'in' }]);
  const done = new Map<string, number>();
  const visiting = new Set<string>();
  const lineageOf = (id: string): number => {
    const known = done.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return ON_A_LOOP;
    visiting.add(id);
    const node = byId.get(id);
    const inputs = (incoming.get(id) ?? []).map((e) => [e.port, lineageOf(e.source)]);
    const step = JSON.stringify([id, node?.kind, node?.config, inputs]);
    let line = numbers.get(step);
    if (line === undefined) numbers.set(step, (line = numbers.size));
    visiting.delete(id);
    done.set(id, line);
    return line;
  };
  for (const n of doc.nodes) lineageOf(n.id);
  return done;
}

/** Exact counts by lineage, from the last exact answer of one workflow at one as-of. */
export interface ExactMemory {
  key: string;
  /** The table the lineages below were numbered with; a later document is numbered with a copy of it. */
  numbers: LineageNumbers;
  counts: Map<number, NodeCount>;
}

export function rememberExact(doc: WorkflowInput, counts: Readonly<Record<string, NodeCount>>, key: string): ExactMemory {
  const numbers: LineageNumbers = new Map();
  const lines = lineages(doc, numbers);
  const kept = new Map<number, NodeCount>();
  for (const [id, count] of Object.entries(counts)) {
    const line = lines.get(id);
    if (count.exact && line !== undefined) kept.set(line, count);
  }
  return { key, numbers, counts: kept };
}

/**
 * Estimates for a recount, with the exact count kept for every node whose
 * lineage did not change: a recount after one edit must not turn the exact
 * counts of the steps it did not touch into "≈" for a moment.
 */
export function keepExact(doc: WorkflowInput, estimate: Readonly<Record<string, NodeCount>>, memory: ExactMemory | undefined, key: string): Record<string, NodeCount> {
  if (!memory || memory.key !== key) return { ...estimate };
  // A copy: the memory is kept for the next recount and must not grow with every document compared to it.
  const lines = lineages(doc, new Map(memory.numbers));
  const keptFor = (id: string) => {
    const line = lines.get(id);
    return line === undefined ? undefined : memory.counts.get(line);
  };
  return Object.fromEntries(Object.entries(estimate).map(([id, count]) => [id, (!count.exact && keptFor(id)) || count]));
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
