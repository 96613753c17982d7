import type { WorkflowEdge } from '../model/document.ts';
import type { Adjacency } from './adjacency.ts';

/** Nodes reached from `start` along the edges `edgesOf` gives, taking `end` of each (repeated edges cost a lookup, not a visit). */
function walk(start: Iterable<string>, edgesOf: Map<string, WorkflowEdge[]>, end: 'source' | 'target'): Set<string> {
  const seen = new Set<string>();
  const todo = [...start];
  while (todo.length) {
    for (const edge of edgesOf.get(todo.pop()!) ?? []) {
      const n = edge[end];
      if (!seen.has(n)) {
        seen.add(n);
        todo.push(n);
      }
    }
  }
  return seen;
}

/** Every node reachable downstream of the given nodes (not including them). Linear in edges. */
export const downstreamOf = (adj: Adjacency, ids: Iterable<string>) => walk(ids, adj.outgoing, 'target');

/** Every node upstream of the given nodes (not including them). */
export const upstreamOf = (adj: Adjacency, ids: Iterable<string>) => walk(ids, adj.incoming, 'source');
