import type { DocumentDiff } from './values/version.ts';

type ValueChange = DocumentDiff['settings'][number];
type EdgeRef = DocumentDiff['edges']['added'][number];

interface LooseNode {
  id: string;
  kind: string;
  label?: string;
  position?: unknown;
  config?: Record<string, unknown>;
}

/** Key order must not count as a change. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(value) ?? 'undefined';
}

const same = (a: unknown, b: unknown) => stable(a) === stable(b);

function changes(before: Record<string, unknown>, after: Record<string, unknown>, keys?: string[]): ValueChange[] {
  const all = keys ?? [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return all.filter((key) => !same(before[key], after[key])).map((key) => ({ key, from: before[key], to: after[key] }));
}

/** Drafts may be half-made; anything that is not a node with a string id is ignored. */
function nodesOf(document: unknown): Map<string, LooseNode> {
  const nodes = (document as { nodes?: unknown })?.nodes;
  const list = Array.isArray(nodes) ? nodes.filter((n): n is LooseNode => typeof n?.id === 'string') : [];
  return new Map(list.map((n) => [n.id, n]));
}

function edgesOf(document: unknown): Map<string, EdgeRef> {
  const edges = (document as { edges?: unknown })?.edges;
  const list = Array.isArray(edges) ? edges.filter((e) => typeof e?.source === 'string' && typeof e?.target === 'string') : [];
  return new Map(
    list.map((e: { source: string; target: string; targetPort?: string }) => {
      const ref = { source: e.source, target: e.target, targetPort: e.targetPort ?? 'in' };
      return [`${ref.source}\u0000${ref.target}\u0000${ref.targetPort}`, ref];
    }),
  );
}

const brief = (n: LooseNode) => ({ id: n.id, kind: n.kind, ...(n.label ? { label: n.label } : {}) });

/**
 * What changed between two workflow documents, in terms a reviewer reads: nodes
 * and edges, not JSON lines. The server answers it for two versions; the publish
 * dialog computes it as the draft is edited. Compares two documents by stable ids: a renamed label is a change of that
 * node, never a removal and an addition. Edges are identified by their ends
 * (their own ids are optional).
 */
export function diffDocuments(before: unknown, after: unknown): DocumentDiff {
  const a = nodesOf(before);
  const b = nodesOf(after);
  const diff: DocumentDiff = { nodes: { added: [], removed: [], changed: [], moved: [] }, edges: { added: [], removed: [] }, settings: [] };
  for (const [id, node] of b) if (!a.has(id)) diff.nodes.added.push(brief(node));
  for (const [id, node] of a) if (!b.has(id)) diff.nodes.removed.push(brief(node));
  for (const [id, old] of a) {
    const now = b.get(id);
    if (!now) continue;
    const fields = changes(old as unknown as Record<string, unknown>, now as unknown as Record<string, unknown>, ['kind', 'label']);
    const config = changes(old.config ?? {}, now.config ?? {});
    if (fields.length || config.length) diff.nodes.changed.push({ id, kind: now.kind, fields, config });
    else if (!same(old.position, now.position)) diff.nodes.moved.push(id);
  }
  const ea = edgesOf(before);
  const eb = edgesOf(after);
  for (const [key, edge] of eb) if (!ea.has(key)) diff.edges.added.push(edge);
  for (const [key, edge] of ea) if (!eb.has(key)) diff.edges.removed.push(edge);
  const settings = (d: unknown) => ({ name: (d as { name?: unknown })?.name, run: (d as { run?: unknown })?.run });
  diff.settings = changes(settings(before), settings(after), ['name', 'run']);
  return diff;
}

/** Does the diff change what a version computes or delivers? Steps moved on the canvas alone do not. */
export function diffChangesSomething(diff: DocumentDiff): boolean {
  const { added, removed, changed } = diff.nodes;
  return added.length + removed.length + changed.length + diff.edges.added.length + diff.edges.removed.length + diff.settings.length > 0;
}
