import { predecessors, successors, type Adjacency } from './adjacency.ts';

function walk(start: Iterable<string>, next: (id: string) => string[]): Set<string> {
  const seen = new Set<string>();
  const todo = [...start];
  while (todo.length) {
    const id = todo.pop()!;
    for (const n of next(id)) {
      if (!seen.has(n)) {
        seen.add(n);
        todo.push(n);
      }
    }
  }
  return seen;
}

/** Every node reachable downstream of the given nodes (not including them). Linear in edges. */
export const downstreamOf = (adj: Adjacency, ids: Iterable<string>) => walk(ids, (id) => successors(adj, id));

/** Every node upstream of the given nodes (not including them). */
export const upstreamOf = (adj: Adjacency, ids: Iterable<string>) => walk(ids, (id) => predecessors(adj, id));
