import type { WorkflowInput } from '@segflow/engine';
import { toDocument } from './document-convert.ts';
import type { EditorState } from './editor-store.ts';

/*
 * Named selectors: components say what they read, and the ones that build objects
 * are used with `useEditorShallow` so they re-render only on a real change.
 */
export const selectNodes = (s: EditorState) => s.nodes;
export const selectEdges = (s: EditorState) => s.edges;
export const selectFlowHandlers = (s: EditorState) => ({ onNodesChange: s.onNodesChange, onEdgesChange: s.onEdgesChange, connect: s.connect });
export const selectHistory = (s: EditorState) => ({ canUndo: s.past.length > 0, canRedo: s.future.length > 0, undo: s.undo, redo: s.redo });
export const selectSave = (s: EditorState) => s.save;
export const selectName = (s: EditorState) => s.name;
export const selectWorkflowId = (s: EditorState) => s.workflowId;
export const selectPanel = (s: EditorState) => s.panel;
export const selectActiveRunId = (s: EditorState) => s.activeRunId;
export const selectRunDefaults = (s: EditorState) => s.runDefaults;
/** The document's as-of date (`run.asOf`); '' means today, as the server decides. */
export const selectAsOf = (s: EditorState) => s.runDefaults?.asOf ?? '';
export const selectReadOnly = (s: EditorState) => s.readOnly;

/** The node the inspector shows: the one selected node, or none when zero or several are. */
export const selectInspectedId = (s: EditorState): string | null => {
  let found: string | null = null;
  for (const n of s.nodes) {
    if (!n.selected) continue;
    if (found) return null;
    found = n.id;
  }
  return found;
};

export const selectNodeById = (id: string | null) => (s: EditorState) => (id ? s.nodes.find((n) => n.id === id) : undefined);

export const selectSelectedCount = (s: EditorState) => s.nodes.reduce((k, n) => k + (n.selected ? 1 : 0), 0);

let memo: { name: string; nodes: EditorState['nodes']; edges: EditorState['edges']; runDefaults: EditorState['runDefaults']; doc: WorkflowInput } | undefined;

/** The document as the server stores it, rebuilt only when the graph or name changes. */
export function selectDocument(s: EditorState): WorkflowInput {
  if (memo && memo.name === s.name && memo.nodes === s.nodes && memo.edges === s.edges && memo.runDefaults === s.runDefaults) return memo.doc;
  const doc = toDocument(s.name, s);
  memo = { name: s.name, nodes: s.nodes, edges: s.edges, runDefaults: s.runDefaults, doc };
  return doc;
}
