import type { Adjacency } from './adjacency.ts';

/**
 * Kahn's algorithm: the nodes ready at the start in document order, then each
 * node as its last input is placed. Nodes on or behind a cycle are left out of
 * `order` and listed in `blocked`.
 */
export function topologicalOrder(adj: Adjacency): { order: string[]; blocked: string[] } {
  // Counted per edge, not per neighbour: two edges between one pair are placed by their two decrements.
  const indegree = new Map<string, number>();
  const ready: string[] = [];
  for (const id of adj.ids) {
    const n = adj.incoming.get(id)?.length ?? 0;
    indegree.set(id, n);
    if (n === 0) ready.push(id);
  }
  const order: string[] = [];
  for (let i = 0; i < ready.length; i++) {
    const id = ready[i];
    order.push(id);
    for (const edge of adj.outgoing.get(id) ?? []) {
      const left = indegree.get(edge.target)! - 1;
      indegree.set(edge.target, left);
      if (left === 0) ready.push(edge.target);
    }
  }
  if (order.length === adj.ids.length) return { order, blocked: [] };
  const placed = new Set(order);
  return { order, blocked: adj.ids.filter((id) => !placed.has(id)) };
}
