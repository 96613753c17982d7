import type { WorkflowInput } from '@segflow/engine';

/** One changed leaf of a node's config, as a dotted path. */
export interface ConfigChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

/** What the publish dialog shows: the draft against the published version, computed here as the user edits. */
export interface DocumentDiff {
  nodes: { added: string[]; removed: string[]; changed: { id: string; changes: ConfigChange[] }[] };
  edges: { added: string[]; removed: string[] };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Leaf-level differences between two configs, as dotted paths ("condition.rules"). */
export function configChanges(before: unknown, after: unknown, path = ''): ConfigChange[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((k) => configChanges(before[k], after[k], path ? `${path}.${k}` : k));
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path: path || '(all)', before, after }];
}

type Edge = { source: string; target: string; targetPort?: string };
const edgeKey = (e: Edge, name: (id: string) => string) => `${name(e.source)} → ${name(e.target)}${e.targetPort && e.targetPort !== 'in' ? ` (${e.targetPort})` : ''}`;

/**
 * What publishing would change, compared with the last published document.
 * Positions are left out: moving a node changes no segment.
 */
export function diffDocuments(before: WorkflowInput | undefined, after: WorkflowInput, name: (id: string) => string = (id) => id): DocumentDiff {
  const old = new Map((before?.nodes ?? []).map((n) => [n.id, n]));
  const now = new Map(after.nodes.map((n) => [n.id, n]));
  const changed: DocumentDiff['nodes']['changed'] = [];
  for (const [id, n] of now) {
    const o = old.get(id);
    if (!o) continue;
    const changes = [
      ...configChanges({ kind: o.kind, label: o.label }, { kind: n.kind, label: n.label }),
      ...configChanges(o.config ?? {}, n.config ?? {}),
    ];
    if (changes.length) changed.push({ id, changes });
  }
  const oldEdges = new Set((before?.edges ?? []).map((e) => edgeKey(e, name)));
  const newEdges = new Set((after.edges ?? []).map((e) => edgeKey(e, name)));
  return {
    nodes: {
      added: [...now.keys()].filter((id) => !old.has(id)),
      removed: [...old.keys()].filter((id) => !now.has(id)),
      changed,
    },
    edges: {
      added: [...newEdges].filter((k) => !oldEdges.has(k)),
      removed: [...oldEdges].filter((k) => !newEdges.has(k)),
    },
  };
}

export const isEmptyDiff = (d: DocumentDiff) =>
  !d.nodes.added.length && !d.nodes.removed.length && !d.nodes.changed.length && !d.edges.added.length && !d.edges.removed.length;
