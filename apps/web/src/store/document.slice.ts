import { applyEdgeChanges, applyNodeChanges, type Connection, type EdgeChange, type NodeChange, type XYPosition } from '@xyflow/react';
import { getNodeDefinition, type WorkflowInput } from '@segflow/engine';
import { checkConnection, type ConnectionCheck } from './connection-rules.ts';
import { edgeIdFor, fromDocument } from './document-convert.ts';
import { OUTPUT_HANDLE, type DocumentSnapshot, type EditorEdge, type EditorNode, type RunDefaults } from './editor-types.ts';
import { uniqueId, uniqueLabel } from './ids.ts';
import { segmentsOf, withFreeSegment } from './output-names.ts';
import { initialSave, nextSave } from './save-machine.ts';
import { moveEdge } from './move-edge.ts';
import { withColumnRenamed } from './column-rename.ts';
import type { SliceCreator } from './slice.ts';

export interface DocumentData {
  workflowId: string;
  name: string;
  nodes: EditorNode[];
  edges: EditorEdge[];
  runDefaults?: RunDefaults;
  /** Bumped on every change to the document; autosave compares it with what was saved. */
  docVersion: number;
  /** True between the first and the last position change of a drag. */
  dragging: boolean;
}

export interface DocumentActions {
  loadWorkflow: (input: { id: string; name: string; document: WorkflowInput; revision: number }) => void;
  /** Swaps in a whole document (undo, redo, reload) as one edit. */
  replaceDocument: (doc: DocumentSnapshot) => void;
  /** Replaces the draft with an imported document, as one undoable step. */
  importDocument: (doc: WorkflowInput) => void;
  onNodesChange: (changes: NodeChange<EditorNode>[]) => void;
  onEdgesChange: (changes: EdgeChange<EditorEdge>[]) => void;
  connect: (connection: Connection) => ConnectionCheck;
  /** The new node's id; null when the store is read-only. With `after`, wired from that step into `port` (one undo step). */
  addNode: (kind: string, position: XYPosition, after?: { source: string; port: string }) => string | null;
  deleteSelection: () => void;
  deleteEdge: (edgeId: string) => void;
  /** Moves an input one place earlier (-1) or later (1) among the inputs of its port. */
  moveInput: (edgeId: string, offset: -1 | 1) => void;
  setNodeConfig: (nodeId: string, config: Record<string, unknown>) => void;
  setNodeLabel: (nodeId: string, label: string) => void;
  renameWorkflow: (name: string) => void;
  setRunDefaults: (defaults: RunDefaults) => void;
  /**
   * The date the workflow's counts, rules and runs are computed as of: kept in the
   * document (`run.asOf`), so it survives a reload and every run uses it. '' = today.
   */
  setAsOf: (asOf: string) => void;
  moveNodes: (positions: Record<string, XYPosition>) => void;
}

export type DocumentSlice = DocumentData & DocumentActions;

/** An edge from a step's output into `port` of another, as the canvas draws it. */
const newEdge = (source: string, target: string, port: string): EditorEdge => ({
  id: edgeIdFor(source, target, port), type: 'count', source, target, sourceHandle: OUTPUT_HANDLE, targetHandle: port,
});

export const createDocumentSlice: SliceCreator<DocumentSlice> = (set, get) => {
  /** Every document edit goes through here: history first, then the change, then autosave learns of it. */
  const edit = (change: (s: DocumentData) => Partial<DocumentData>, historyKey?: string | false) => {
    if (historyKey !== false) get().record(historyKey);
    set((s) => ({ ...change(s), docVersion: s.docVersion + 1, save: nextSave(s.save, { type: 'edited' }) }));
  };

  const lastColumnNames = new Map<string, string>();

  const select = (ids: Set<string>) => (n: EditorNode) => (n.selected === ids.has(n.id) ? n : { ...n, selected: ids.has(n.id) });

  return {
    workflowId: '',
    name: '',
    nodes: [],
    edges: [],
    runDefaults: undefined,
    docVersion: 0,
    dragging: false,

    loadWorkflow: ({ id, name, document, revision }) => {
      const { nodes, edges, runDefaults } = fromDocument(document);
      set((s) => ({ workflowId: id, name, nodes, edges, runDefaults, dragging: false, save: initialSave(revision, s.docVersion) }));
      get().clearHistory();
    },

    replaceDocument: (doc) => edit(() => ({ nodes: doc.nodes, edges: doc.edges, runDefaults: doc.runDefaults }), false),

    importDocument: (doc) => {
      const { nodes, edges, runDefaults } = fromDocument(doc);
      edit((s) => ({ nodes, edges, runDefaults, name: doc.name || s.name }));
    },

    onNodesChange: (changes) => {
      const removes = changes.filter((c) => c.type === 'remove').map((c) => c.id);
      const moves = changes.filter((c) => c.type === 'position');
      const changesDocument = removes.length > 0 || moves.some((c) => c.position) || changes.some((c) => c.type === 'add' || c.type === 'replace');
      if (!changesDocument) {
        // Selection and measurement only: no history, no save.
        const endOfDrag = moves.some((c) => c.dragging === false);
        set((s) => ({ nodes: applyNodeChanges(changes, s.nodes), ...(endOfDrag ? { dragging: false } : {}) }));
        return;
      }
      const dragStep = moves.length > 0 && removes.length === 0 && moves.every((c) => c.dragging);
      // A drag is one undo step: remember the document when it starts, not on every frame.
      if (!(dragStep && get().dragging)) get().record();
      edit(
        (s) => ({
          nodes: applyNodeChanges(changes, s.nodes),
          edges: removes.length ? s.edges.filter((e) => !removes.includes(e.source) && !removes.includes(e.target)) : s.edges,
          dragging: dragStep,
        }),
        false,
      );
    },

    onEdgesChange: (changes) => {
      const changesDocument = changes.some((c) => c.type === 'remove' || c.type === 'add' || c.type === 'replace');
      if (!changesDocument) {
        set((s) => ({ edges: applyEdgeChanges(changes, s.edges) }));
        return;
      }
      edit((s) => ({ edges: applyEdgeChanges(changes, s.edges) }));
    },

    connect: (connection) => {
      const { nodes, edges } = get();
      const check = checkConnection(nodes, edges, connection);
      if (!check.ok) return check;
      const edge = newEdge(connection.source, connection.target, connection.targetHandle ?? 'in');
      edit((s) => ({ edges: [...s.edges, edge] }));
      return check;
    },

    addNode: (kind, position, after) => {
      const definition = getNodeDefinition(kind);
      if (!definition) throw new Error(`addNode: unknown kind ${kind}`);
      const id = uniqueId(kind, new Set(get().nodes.map((n) => n.id)));
      const defaults = definition.defaultConfig();
      const config = kind === 'output' ? withFreeSegment(defaults, segmentsOf(get().nodes)) : defaults;
      const label = uniqueLabel(definition.label, new Set(get().nodes.map((n) => n.data.label ?? getNodeDefinition(n.data.kind)?.label ?? '')));
      const node: EditorNode = { id, type: 'segflow', position, selected: true, data: { kind, label, config } };
      const nodes = [...get().nodes.map(select(new Set())), node];
      const wire = after && checkConnection(nodes, get().edges, { source: after.source, target: id, targetHandle: after.port }).ok ? [newEdge(after.source, id, after.port)] : [];
      edit((s) => ({ nodes, edges: [...s.edges.map((e) => (e.selected ? { ...e, selected: false } : e)), ...wire] }));
      return id;
    },

    deleteSelection: () => {
      const { nodes, edges } = get();
      const gone = new Set(nodes.filter((n) => n.selected).map((n) => n.id));
      const edgesLeft = edges.filter((e) => !e.selected && !gone.has(e.source) && !gone.has(e.target));
      if (!gone.size && edgesLeft.length === edges.length) return;
      edit((s) => ({ nodes: s.nodes.filter((n) => !gone.has(n.id)), edges: edgesLeft }));
    },

    deleteEdge: (edgeId) => edit((s) => ({ edges: s.edges.filter((e) => e.id !== edgeId) })),

    moveInput: (edgeId, offset) => edit((s) => ({ edges: moveEdge(s.edges, edgeId, offset) })),

    // Renaming the column a step makes renames it in the steps below that read it (one undo step).
    setNodeConfig: (nodeId, config) => edit((s) => ({ nodes: withColumnRenamed(s.nodes, s.edges, nodeId, config, lastColumnNames) }), `config:${nodeId}`),

    setNodeLabel: (nodeId, label) =>
      edit(
        (s) => ({ nodes: s.nodes.map((n) => (n.id === nodeId ? { ...n, data: { ...n.data, label: label || undefined } } : n)) }),
        `label:${nodeId}`,
      ),

    // The name is not part of undo: it is the workflow's, not the graph's.
    renameWorkflow: (name) => edit(() => ({ name }), false),

    setRunDefaults: (runDefaults) => edit(() => ({ runDefaults }), 'run'),

    setAsOf: (asOf) => {
      const { asOf: _old, ...rest } = get().runDefaults ?? {};
      if ((_old ?? '') === asOf) return;
      get().setRunDefaults(asOf ? { ...rest, asOf } : rest);
    },

    moveNodes: (positions) =>
      edit((s) => ({ nodes: s.nodes.map((n) => (positions[n.id] ? { ...n, position: positions[n.id] } : n)) })),
  };
};
