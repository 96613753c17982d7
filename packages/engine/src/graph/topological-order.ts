import type { Adjacency } from './adjacency.ts';

/**
 * Kahn's algorithm: the nodes ready at the start in document order, then each
 * node as its last input is placed. Nodes on or behind a cycle are left out of
 * `order` and listed in `blocked`.
 */
export function topologicalOrder(adj: Adjacency): { order: string[]; blocked: string[] } {
  // Counted per edge, not per neighbour: two edges between one pair are placed by their two decrements.
  // Kept only for nodes with several edges in (combines): a node with one is ready once that edge is placed.
  const waiting = new Map<string, number>();
  const ready: string[] = [];
  for (const id of adj.ids) {
    const n = adj.incoming.get(id)?.length ?? 0;
    if (n === 0) ready.push(id);
    else if (n > 1) waiting.set(id, n);
  }
  for (let i = 0; i < ready.length; i++) {
    for (const edge of adj.outgoing.get(ready[i]) ?? []) {
      const left = (waiting.get(edge.target) ?? 1) - 1;
      if (left === 0) ready.push(edge.target);
      else waiting.set(edge.target, left);
    }
  }
  // Each node is placed as it becomes ready: the ready list is the order.
  const order = ready;
  if (order.length === adj.ids.length) return { order, blocked: [] };
  const placed = new Set(order);
  return { order, blocked: adj.ids.filter((id) => !placed.has(id)) };
}
