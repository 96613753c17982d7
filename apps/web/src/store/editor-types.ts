import type { Edge, Node } from '@xyflow/react';
import type { WorkflowInput } from '@segflow/engine';

/**
 * What a canvas node carries: exactly the document's fields. Counts, problems and
 * run status are not stored here; nodes read them from server state and analysis.
 */
export interface NodeData extends Record<string, unknown> {
  kind: string;
  label?: string;
  config: Record<string, unknown>;
  /** The step's own retry policy, if the document gives one: kept as written, so a save never drops it. */
  retry?: WorkflowInput['nodes'][number]['retry'];
}

export type EditorNode = Node<NodeData, 'segflow'>;
export type EditorEdge = Edge<Record<string, unknown>, 'count'>;

/** The document's `run` defaults (spec: "Document"). */
export type RunDefaults = NonNullable<WorkflowInput['run']>;

/** The document part of the editor state: what undo restores and autosave sends. */
export interface DocumentSnapshot {
  nodes: EditorNode[];
  edges: EditorEdge[];
  runDefaults?: RunDefaults;
}

/** The only handle a node's output has; inputs are named by their port. */
export const OUTPUT_HANDLE = 'out';
