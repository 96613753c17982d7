import { DOCUMENT_LIMITS, type WorkflowEdge, type WorkflowNode } from './document.ts';

/** The document's own fields, its nodes and edges not read yet (what `workflowShellSchema` gives). */
export interface PlainShell {
  schemaVersion: 1;
  name: string;
  nodes: unknown[];
  edges: unknown[];
}

/**
 * Nodes and edges as the document schema would give them back, read by hand.
 * Nearly every node and edge of a real document is well formed; checking those
 * with zod cost more than all the rest of validation at 2,000 nodes. Anything
 * unusual (a value of the wrong type, a key set to undefined, a retry policy)
 * returns undefined, and the caller lets zod read that part: the problems
 * always come from zod, so they are the same words as before.
 * Keep these in step with `workflowNodeSchema` and `workflowEdgeSchema`
 * (plain-parts.test.ts compares them on random parts).
 */

const ID = /^[A-Za-z0-9_-]{1,64}$/;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** A string of 1 to `max` UTF-16 units, as zod's min/max count them. */
const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.length >= 1 && v.length <= max;

/** A key that is there must hold a value: zod treats `undefined` in its own ways. (The value first: a key that is there nearly always holds one.) */
const holdsUndefined = (o: Record<string, unknown>, key: string) => o[key] === undefined && key in o;

export function plainNode(value: unknown): WorkflowNode | undefined {
  if (!isPlainObject(value)) return undefined;
  const { id, kind, label, position, config } = value;
  if (typeof id !== 'string' || !ID.test(id) || !isText(kind, 64)) return undefined;
  if ('retry' in value || holdsUndefined(value, 'label') || holdsUndefined(value, 'position') || holdsUndefined(value, 'config')) return undefined;
  if (label !== undefined && (typeof label !== 'string' || label.length > DOCUMENT_LIMITS.labelLength)) return undefined;
  if (config !== undefined && (typeof config !== 'object' || config === null || Array.isArray(config))) return undefined;
  if (position !== undefined && (!isPlainObject(position) || !Number.isFinite(position.x) || !Number.isFinite(position.y))) return undefined;
  // Keys in the schema's order, as zod writes them.
  const node = { id, kind } as WorkflowNode;
  if (label !== undefined) node.label = label;
  if (position !== undefined) node.position = { x: position.x as number, y: position.y as number };
  node.config = (config as Record<string, unknown> | undefined) ?? {};
  return node;
}

export function plainEdge(value: unknown): WorkflowEdge | undefined {
  if (!isPlainObject(value)) return undefined;
  const { id, source, target, targetPort } = value;
  if (!isText(source, 64) || !isText(target, 64)) return undefined;
  if (holdsUndefined(value, 'id') || holdsUndefined(value, 'targetPort')) return undefined;
  if (id !== undefined && !isText(id, 64)) return undefined;
  if (targetPort !== undefined && !isText(targetPort, 64)) return undefined;
  return id === undefined ? { source, target, targetPort: targetPort ?? 'in' } : { id, source, target, targetPort: targetPort ?? 'in' };
}

/**
 * The document's own fields as `workflowShellSchema` gives them: its version, name
 * and lists (unknown keys dropped, as zod drops them; a missing or undefined name
 * or edge list defaulted, as zod defaults them). Run defaults (rare, with more to
 * check) or anything of the wrong type: undefined, and zod reads the document.
 */
export function plainShell(value: unknown): PlainShell | undefined {
  if (!isPlainObject(value) || 'run' in value) return undefined;
  const { schemaVersion, name, nodes, edges } = value;
  if (schemaVersion !== 1) return undefined;
  if (name !== undefined && (typeof name !== 'string' || name.length > DOCUMENT_LIMITS.nameLength)) return undefined;
  if (!Array.isArray(nodes) || nodes.length > DOCUMENT_LIMITS.nodes) return undefined;
  if (edges !== undefined && (!Array.isArray(edges) || edges.length > DOCUMENT_LIMITS.edges)) return undefined;
  // The lists are only read (the document's nodes and edges come out parsed, in new lists): no copies.
  return { schemaVersion: 1, name: name ?? '', nodes, edges: edges ?? [] };
}
