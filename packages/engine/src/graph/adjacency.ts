import type { WorkflowEdge } from '../model/document.ts';

/** Incoming and outgoing edges of each node id, in document order. */
export interface Adjacency {
  ids: string[];
  incoming: Map<string, WorkflowEdge[]>;
  outgoing: Map<string, WorkflowEdge[]>;
}

/** Edges whose ends are not among `ids` are left out: they are reported elsewhere. */
export function buildAdjacency(ids: readonly string[], edges: readonly WorkflowEdge[]): Adjacency {
  const incoming = new Map<string, WorkflowEdge[]>(ids.map((id) => [id, []]));
  const outgoing = new Map<string, WorkflowEdge[]>(ids.map((id) => [id, []]));
  for (const edge of edges) {
    if (!incoming.has(edge.target) || !outgoing.has(edge.source)) continue;
    incoming.get(edge.target)!.push(edge);
    outgoing.get(edge.source)!.push(edge);
  }
  return { ids: [...ids], incoming, outgoing };
}

export const predecessors = (adj: Adjacency, id: string) => [...new Set(adj.incoming.get(id)?.map((e) => e.source) ?? [])];
export const successors = (adj: Adjacency, id: string) => [...new Set(adj.outgoing.get(id)?.map((e) => e.target) ?? [])];
