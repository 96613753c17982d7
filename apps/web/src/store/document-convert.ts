import type { WorkflowInput } from '@segflow/engine';
import { OUTPUT_HANDLE, type DocumentSnapshot, type EditorEdge, type EditorNode, type RunDefaults } from './editor-types.ts';

export const edgeIdFor = (source: string, target: string, port: string) => `${source}->${target}:${port}`;

/** A document as the canvas holds it. Missing positions are left at 0; auto-layout places them. */
export function fromDocument(doc: WorkflowInput): DocumentSnapshot {
  const nodes: EditorNode[] = doc.nodes.map((n) => ({
    id: n.id,
    type: 'segflow',
    position: n.position ?? { x: 0, y: 0 },
    data: {
      kind: n.kind,
      ...(n.label !== undefined ? { label: n.label } : {}),
      config: (n.config ?? {}) as Record<string, unknown>,
      ...(n.retry !== undefined ? { retry: n.retry } : {}),
    },
  }));
  const edges: EditorEdge[] = (doc.edges ?? []).map((e) => {
    const port = e.targetPort ?? 'in';
    return { id: e.id ?? edgeIdFor(e.source, e.target, port), type: 'count', source: e.source, target: e.target, sourceHandle: OUTPUT_HANDLE, targetHandle: port };
  });
  return { nodes, edges, runDefaults: doc.run };
}

/** The canvas as a document: only the contract's fields, positions rounded to whole pixels. */
export function toDocument(name: string, { nodes, edges, runDefaults }: { nodes: EditorNode[]; edges: EditorEdge[]; runDefaults?: RunDefaults }): WorkflowInput {
  return {
    schemaVersion: 1,
    name,
    nodes: nodes.map((n) => ({
      id: n.id,
      kind: n.data.kind,
      ...(n.data.label ? { label: n.data.label } : {}),
      position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
      config: n.data.config,
      ...(n.data.retry !== undefined ? { retry: n.data.retry } : {}),
    })),
    edges: edges.map((e) => ({ id: e.id, source: e.source, target: e.target, targetPort: e.targetHandle ?? 'in' })),
    ...(runDefaults && Object.keys(runDefaults).length ? { run: runDefaults } : {}),
  };
}

/**
 * The parts of a document that change results: no positions, labels or names.
 * Previews and validation key on it, so moving a node does not recount.
 */
export function semanticKey(doc: WorkflowInput): string {
  return JSON.stringify({
    nodes: doc.nodes.map((n) => [n.id, n.kind, n.config]),
    edges: (doc.edges ?? []).map((e) => [e.source, e.target, e.targetPort ?? 'in']),
  });
}
