import { getNodeDefinition } from '@segflow/engine';

interface NamedNode {
  id: string;
  data: { kind: string; label?: string };
}

/**
 * A node's name where it stands alone (timeline rows, problem lists, diffs): its
 * label, or its kind and id so two unnamed filters stay tellable apart.
 */
export function nodeName(node: NamedNode | undefined, id: string): string {
  if (!node) return id;
  if (node.data.label) return node.data.label;
  const kind = getNodeDefinition(node.data.kind)?.label ?? node.data.kind;
  return `${kind} · ${id}`;
}

/** Whether a label is only its kind's name as a new step gets it ("Filter", "Filter 2"): it says nothing the kind does not. */
export function namedByKind(label: string, kind: string): boolean {
  const kindName = getNodeDefinition(kind)?.label ?? kind;
  return label === kindName || (label.startsWith(`${kindName} `) && /^\d+$/.test(label.slice(kindName.length + 1)));
}
