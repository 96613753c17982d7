import type { WorkflowEdge } from '../model/document.ts';
import { NodeGraph, positionsOf } from './node-graph.ts';

/** Incoming and outgoing edges of each node id, in document order. */
export interface Adjacency {
  ids: readonly string[];
  incoming: Map<string, WorkflowEdge[]>;
  outgoing: Map<string, WorkflowEdge[]>;
}

/**
 * Edges whose ends are not among `ids` are left out: they are reported elsewhere.
 * The lists are made from a graph over positions (see node-graph.ts) when first read.
 */
export function buildAdjacency(ids: readonly string[], edges: readonly WorkflowEdge[]): NodeGraph {
  const positions = positionsOf(ids);
  const kept: WorkflowEdge[] = [];
  const sources: number[] = [];
  const targets: number[] = [];
  for (const edge of edges) {
    const source = positions.get(edge.source);
    const target = positions.get(edge.target);
    if (source === undefined || target === undefined) continue;
    kept.push(edge);
    sources.push(source);
    targets.push(target);
  }
  // A repeated id is one node, at its first place.
  return new NodeGraph([...positions.keys()], kept, Int32Array.from(sources), Int32Array.from(targets));
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
