import type { WorkflowEdge } from '../model/document.ts';

/** Incoming and outgoing edges of each node id, in document order. */
export interface Adjacency {
  ids: string[];
  incoming: Map<string, WorkflowEdge[]>;
  outgoing: Map<string, WorkflowEdge[]>;
}

/** Edges whose ends are not among `ids` are left out: they are reported elsewhere. */
export function buildAdjacency(ids: readonly string[], edges: readonly WorkflowEdge[]): Adjacency {
  // Plain loops: validation builds this for every document it checks.
  const incoming = new Map<string, WorkflowEdge[]>();
  const outgoing = new Map<string, WorkflowEdge[]>();
  for (const id of ids) {
    incoming.set(id, []);
    outgoing.set(id, []);
  }
  for (const edge of edges) {
    const into = incoming.get(edge.target);
    const from = outgoing.get(edge.source);
    if (!into || !from) continue;
    addTo(incoming, edge.target, into, edge);
    addTo(outgoing, edge.source, from, edge);
  }
  return { ids: ids.slice(), incoming, outgoing };
}

/**
 * Most nodes have one edge in and one out: a first edge gets a list of its own
 * size, where a push onto an empty list would reserve room for sixteen (at
 * 2,000 nodes, most of what validation allocated).
 */
function addTo(lists: Map<string, WorkflowEdge[]>, id: string, list: WorkflowEdge[], edge: WorkflowEdge): void {
  if (list.length) list.push(edge);
  else lists.set(id, [edge]);
}

// Distinct neighbours, computed once per adjacency: validation asks for them often.
const neighbourCache = new WeakMap<Adjacency, { pred: Map<string, string[]>; succ: Map<string, string[]> }>();

function neighbours(adj: Adjacency) {
  let cached = neighbourCache.get(adj);
  if (!cached) {
    const distinct = (edges: Map<string, WorkflowEdge[]>, end: 'source' | 'target') =>
      new Map([...edges].map(([id, list]) => [id, [...new Set(list.map((e) => e[end]))]]));
    cached = { pred: distinct(adj.incoming, 'source'), succ: distinct(adj.outgoing, 'target') };
    neighbourCache.set(adj, cached);
  }
  return cached;
}

export const predecessors = (adj: Adjacency, id: string): string[] => neighbours(adj).pred.get(id) ?? [];
export const successors = (adj: Adjacency, id: string): string[] => neighbours(adj).succ.get(id) ?? [];
