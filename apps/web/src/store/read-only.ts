import type { EdgeChange, NodeChange } from '@xyflow/react';
import type { EditorState } from './editor-store.ts';
import type { SliceCreator } from './slice.ts';

export interface ReadOnlyData {
  /** The user may look, select and follow runs, but not change the document (a viewer). */
  readOnly: boolean;
}

export interface ReadOnlyActions {
  setReadOnly: (readOnly: boolean) => void;
}

export type ReadOnlySlice = ReadOnlyData & ReadOnlyActions;

export const createReadOnlySlice = (readOnly: boolean): SliceCreator<ReadOnlySlice> => (set) => ({
  readOnly,
  setReadOnly: (value) => set({ readOnly: value }),
});

export const READ_ONLY_REASON = 'This workflow is view only for your role.';

/** Changes React Flow sends that only select or measure: a reader makes those too. */
const VIEW_CHANGES = new Set<string>(['select', 'dimensions']);
const viewOnly = <C extends NodeChange | EdgeChange>(changes: C[]) => changes.filter((c) => VIEW_CHANGES.has(c.type));

/**
 * The actions that change the document, and what each answers when the store is
 * read-only. One list, so a new edit action is either here or visibly not: the
 * UI hides the controls, and this makes sure a shortcut, a drop or a stray
 * handler cannot change (and autosave cannot send) what the server would refuse.
 */
type Edits = Pick<
  EditorState,
  | 'replaceDocument' | 'importDocument' | 'addNode' | 'deleteSelection' | 'deleteEdge' | 'setNodeConfig' | 'setNodeLabel'
  | 'renameWorkflow' | 'setRunDefaults' | 'setAsOf' | 'moveNodes' | 'paste' | 'touch' | 'undo' | 'redo' | 'connect' | 'onNodesChange' | 'onEdgesChange'
>;

/**
 * Wraps the edit actions of a freshly made store state so that, while
 * `readOnly`, they change nothing: selection and measuring still go through.
 */
export function guardEdits(state: EditorState, get: () => EditorState): EditorState {
  const ro = () => get().readOnly;
  const guarded: Edits = {
    replaceDocument: (doc) => void (ro() || state.replaceDocument(doc)),
    importDocument: (doc) => void (ro() || state.importDocument(doc)),
    addNode: (kind, position, after) => (ro() ? null : state.addNode(kind, position, after)),
    deleteSelection: () => void (ro() || state.deleteSelection()),
    deleteEdge: (id) => void (ro() || state.deleteEdge(id)),
    setNodeConfig: (id, config) => void (ro() || state.setNodeConfig(id, config)),
    setNodeLabel: (id, label) => void (ro() || state.setNodeLabel(id, label)),
    renameWorkflow: (name) => void (ro() || state.renameWorkflow(name)),
    setRunDefaults: (defaults) => void (ro() || state.setRunDefaults(defaults)),
    setAsOf: (asOf) => void (ro() || state.setAsOf(asOf)),
    moveNodes: (positions) => void (ro() || state.moveNodes(positions)),
    paste: () => (ro() ? [] : state.paste()),
    touch: () => void (ro() || state.touch()),
    undo: () => void (ro() || state.undo()),
    redo: () => void (ro() || state.redo()),
    connect: (c) => (ro() ? { ok: false, reason: READ_ONLY_REASON } : state.connect(c)),
    onNodesChange: (changes) => state.onNodesChange(ro() ? viewOnly(changes) : changes),
    onEdgesChange: (changes) => state.onEdgesChange(ro() ? viewOnly(changes) : changes),
  };
  return { ...state, ...guarded };
}
