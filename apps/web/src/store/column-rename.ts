import { renameColumnReaders } from '@segflow/engine';
import type { EditorEdge, EditorNode } from './editor-types.ts';

/**
 * The nodes after `nodeId`'s settings became `config`: when that renames the
 * column the step makes (its `as`), the steps below that read the old name
 * read the new one, so a rename does not break the rules built on it.
 * `lastName` is the name readers last followed: typing a name anew passes
 * through an empty box, and the readers wait for the next name instead of
 * losing track.
 */
export function withColumnRenamed(nodes: EditorNode[], edges: EditorEdge[], nodeId: string, config: Record<string, unknown>, lastName: Map<string, string>): EditorNode[] {
  const node = nodes.find((n) => n.id === nodeId);
  const next = nodes.map((n) => (n.id === nodeId ? { ...n, data: { ...n.data, config } } : n));
  if (!node) return next;
  const before = typeof node.data.config.as === 'string' && node.data.config.as ? node.data.config.as : lastName.get(nodeId);
  const after = typeof config.as === 'string' ? config.as : undefined;
  if (before) lastName.set(nodeId, before);
  if (!before || !after || before === after) return next;
  lastName.set(nodeId, after);
  const steps = next.map((n) => ({ id: n.id, kind: n.data.kind, config: n.data.config }));
  const links = edges.map((e) => ({ source: e.source, target: e.target, targetPort: e.targetHandle ?? 'in' }));
  const changed = renameColumnReaders(steps, links, nodeId, before, after);
  if (!changed.size) return next;
  return next.map((n) => (changed.has(n.id) ? { ...n, data: { ...n.data, config: changed.get(n.id)! } } : n));
}
