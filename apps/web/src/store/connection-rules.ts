import { buildAdjacency, downstreamOf, getNodeDefinition } from '@segflow/engine';

export type ConnectionCheck = { ok: true } | { ok: false; reason: string };

interface NodeLike {
  id: string;
  data: { kind: string; label?: string };
}
interface EdgeLike {
  source: string;
  target: string;
  targetHandle?: string | null;
}
export interface ConnectionLike {
  source: string | null;
  target: string | null;
  targetHandle?: string | null;
}

const what = (kind: string) => (kind === 'events' ? 'events' : 'customers');

/**
 * Whether an edge may be drawn, and if not why, in words a marketer reads while
 * dragging: the port must exist and take this kind of data, a one-edge port must be
 * free, and the edge must not close a loop.
 */
export function checkConnection(nodes: readonly NodeLike[], edges: readonly EdgeLike[], c: ConnectionLike): ConnectionCheck {
  const source = nodes.find((n) => n.id === c.source);
  const target = nodes.find((n) => n.id === c.target);
  if (!source || !target) return { ok: false, reason: 'Drop the connection on another node’s input.' };
  if (source.id === target.id) return { ok: false, reason: 'A node cannot feed itself.' };
  const from = getNodeDefinition(source.data.kind);
  const to = getNodeDefinition(target.data.kind);
  if (!from || !to) return { ok: false, reason: 'Unknown kind of node.' };
  if (from.output === null) return { ok: false, reason: `${from.label} is an end point: nothing comes out of it.` };
  const portName = c.targetHandle ?? 'in';
  const port = to.inputs[portName];
  if (!port) return { ok: false, reason: `${to.label} takes no input there.` };
  if (port.accepts !== from.output)
    return { ok: false, reason: `“${port.label}” expects ${what(port.accepts)}, but ${from.label} gives ${what(from.output)}.` };
  const intoPort = edges.filter((e) => e.target === target.id && (e.targetHandle ?? 'in') === portName);
  if (intoPort.some((e) => e.source === source.id)) return { ok: false, reason: 'These two are already connected.' };
  if (!port.many && intoPort.length > 0) return { ok: false, reason: `“${port.label}” takes one connection and already has one.` };
  const adjacency = buildAdjacency(
    nodes.map((n) => n.id),
    edges.map((e) => ({ source: e.source, target: e.target, targetPort: e.targetHandle ?? 'in' })),
  );
  if (downstreamOf(adjacency, [target.id]).has(source.id))
    return { ok: false, reason: 'That would make a loop: data would flow back into where it came from.' };
  return { ok: true };
}
