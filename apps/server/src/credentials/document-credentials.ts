import { literalCredentials, redactDestination } from '@segflow/engine';
import { HttpError } from '../http/errors.ts';

interface LooseNode {
  id?: unknown;
  label?: unknown;
  kind?: unknown;
  config?: { destination?: unknown };
}

const nodesOf = (document: unknown): LooseNode[] => {
  const nodes = (document as { nodes?: unknown })?.nodes;
  return Array.isArray(nodes) ? nodes.filter((n): n is LooseNode => typeof n === 'object' && n !== null) : [];
};

const destinationOf = (node: LooseNode) => {
  const d = node.config?.destination;
  return node.kind === 'output' && typeof d === 'object' && d !== null && typeof (d as { type?: unknown }).type === 'string' ? (d as { type: string }) : undefined;
};

/**
 * Refuses a document that carries a credential itself (a URL with a password,
 * an Authorization header's value): those belong in stored connections and
 * secrets, which a document names. Checked whenever a document is saved.
 */
export function refuseLiteralCredentials(document: unknown): void {
  for (const node of nodesOf(document)) {
    const destination = destinationOf(node);
    const found = destination ? literalCredentials(destination) : [];
    if (found.length === 0) continue;
    const name = typeof node.label === 'string' && node.label ? node.label : String(node.id);
    throw new HttpError(400, 'literal_credential',
      `The output "${name}": ${found.join(' and ')}. Workflows never hold passwords or keys: an admin saves it under Connections, and the output names it instead.`,
      { nodeId: node.id, found });
  }
}

/**
 * The document as answers show it: any credential an older document still
 * carries is replaced by `***`. The same object when there is none.
 */
export function redactDocument<D>(document: D): D {
  const nodes = nodesOf(document);
  if (!nodes.some((n) => { const d = destinationOf(n); return d && literalCredentials(d).length > 0; })) return document;
  const redactNode = (node: LooseNode) => {
    const d = destinationOf(node);
    return d ? { ...node, config: { ...node.config, destination: redactDestination(d) } } : node;
  };
  const all = (document as { nodes: unknown[] }).nodes;
  return { ...document, nodes: all.map((n) => (typeof n === 'object' && n !== null ? redactNode(n as LooseNode) : n)) } as D;
}

/** A workflow or version with its document redacted. */
export const redacted = <T extends { document: unknown }>(item: T): T => ({ ...item, document: redactDocument(item.document) });
