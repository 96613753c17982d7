import { successors, type Adjacency } from './adjacency.ts';

/**
 * Kahn's algorithm: the nodes ready at the start in document order, then each
 * node as its last input is placed. Nodes on or behind a cycle are left out of
 * `order` and listed in `blocked`.
 */
export function topologicalOrder(adj: Adjacency): { order: string[]; blocked: string[] } {
  const indegree = new Map(adj.ids.map((id) => [id, 0]));
  for (const id of adj.ids) for (const next of successors(adj, id)) indegree.set(next, indegree.get(next)! + 1);
  const ready = adj.ids.filter((id) => indegree.get(id) === 0);
  const order: string[] = [];
  for (let i = 0; i < ready.length; i++) {
    const id = ready[i];
    order.push(id);
    for (const next of successors(adj, id)) {
      const left = indegree.get(next)! - 1;
      indegree.set(next, left);
      if (left === 0) ready.push(next);
    }
  }
  const placed = new Set(order);
  return { order, blocked: adj.ids.filter((id) => !placed.has(id)) };
}
