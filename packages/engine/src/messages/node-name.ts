import { getNodeDefinition } from '../nodes/registry.ts';

export interface NamedNode {
  id: string;
  kind?: string;
  label?: string;
}

/**
 * How a sentence names a step: its label as the person wrote it ('Spend, 365
 * days'); an unnamed step by its kind, with its id to tell two apart.
 */
export function nodeName(node: NamedNode): string {
  const label = node.label?.trim();
  if (label) return `'${clip(label)}'`;
  const kind = (node.kind && getNodeDefinition(node.kind)?.label) || 'step';
  return `${kind} '${clip(node.id)}'`;
}

const clip = (text: string) => (text.length > 80 ? `${text.slice(0, 80)}…` : text);

/**
 * Names by id for one document, built only when a problem needs one (most
 * validations find none, and a big document should not pay for a map).
 */
export function nodeNamer(nodes: readonly NamedNode[]): (id: string) => string {
  let byId: Map<string, NamedNode> | undefined;
  return (id) => {
    byId ??= new Map(nodes.map((n) => [n.id, n]));
    const node = byId.get(id);
    return node ? nodeName(node) : `'${clip(id)}'`;
  };
}

/** "customers" or "events": what a kind of data is to a marketer. */
export const dataWords = (kind: string) => (kind === 'events' ? 'events' : 'customers');

/** "a customers step", "an events step", "2 customers steps". */
export function stepsGiving(kind: string, count = 1): string {
  const what = dataWords(kind);
  if (count === 1) return `${what === 'events' ? 'an' : 'a'} ${what} step`;
  return `${count} ${what} steps`;
}

/** "'A', 'B' and 'C'". */
export function listWords(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
