import { placeInOrder, type NodeGraph } from './node-graph.ts';

/**
 * Kahn's algorithm: the nodes ready at the start in document order, then each
 * node as its last input is placed. Nodes on or behind a cycle are left out of
 * `order` and listed in `blocked`.
 */
export function topologicalOrder(graph: NodeGraph): { order: string[]; blocked: string[] } {
  const placed = placeInOrder(graph);
  const order = placed.map((i) => graph.ids[i]);
  if (order.length === graph.ids.length) return { order, blocked: [] };
  const isPlaced = new Uint8Array(graph.ids.length);
  for (const i of placed) isPlaced[i] = 1;
  return { order, blocked: graph.ids.filter((_, i) => !isPlaced[i]) };
}
