/**
 * Moves an edge one place up or down among the edges into the same port of the
 * same node; the other edges keep their places. Edge order is input order (for
 * priority, the highest priority first), so this is how inputs are reordered.
 */
export function moveEdge<E extends { id: string; target: string; targetHandle?: string | null }>(edges: readonly E[], edgeId: string, offset: -1 | 1): E[] {
  const edge = edges.find((e) => e.id === edgeId);
  if (!edge) return [...edges];
  const port = edge.targetHandle ?? 'in';
  const siblings = edges.map((e, i) => [e, i] as const).filter(([e]) => e.target === edge.target && (e.targetHandle ?? 'in') === port).map(([, i]) => i);
  const at = siblings.indexOf(edges.indexOf(edge));
  const other = siblings[at + offset];
  if (other === undefined) return [...edges];
  const next = [...edges];
  [next[siblings[at]], next[other]] = [next[other], next[siblings[at]]];
  return next;
}
