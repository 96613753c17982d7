import { Graph, layout } from '@dagrejs/dagre';

export interface LayoutNode {
  id: string;
  width?: number;
  height?: number;
}

/** Used when a node has not been measured yet (e.g. right after import). */
export const DEFAULT_NODE_SIZE = { width: 210, height: 62 };

/**
 * Left-to-right layered layout by dagre: sources on the left, outputs on the right,
 * crossings kept low. Returns top-left positions, as React Flow places nodes.
 */
export function layoutGraph(nodes: readonly LayoutNode[], edges: readonly { source: string; target: string }[]): Record<string, { x: number; y: number }> {
  const g = new Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 112, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.id, { width: n.width ?? DEFAULT_NODE_SIZE.width, height: n.height ?? DEFAULT_NODE_SIZE.height });
  edges.forEach((e, i) => {
    if (g.hasNode(e.source) && g.hasNode(e.target)) g.setEdge(e.source, e.target, {}, `e${i}`);
  });
  layout(g);
  const positions: Record<string, { x: number; y: number }> = {};
  for (const n of nodes) {
    const placed = g.node(n.id);
    // dagre gives centres; React Flow wants the top-left corner.
    positions[n.id] = {
      x: Math.round(placed.x - (n.width ?? DEFAULT_NODE_SIZE.width) / 2),
      y: Math.round(placed.y - (n.height ?? DEFAULT_NODE_SIZE.height) / 2),
    };
  }
  return positions;
}

/**
 * Documents written by hand or by other tools may carry no positions; they are
 * laid out on open rather than piled up at the origin.
 */
export function withPositions<D extends { nodes: { id: string; position?: { x: number; y: number } }[]; edges?: { source: string; target: string }[] }>(doc: D): D {
  if (doc.nodes.every((n) => n.position)) return doc;
  const positions = layoutGraph(doc.nodes, doc.edges ?? []);
  return { ...doc, nodes: doc.nodes.map((n) => ({ ...n, position: positions[n.id] })) };
}
