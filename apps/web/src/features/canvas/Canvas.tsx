import {
  Background, ConnectionLineType, ControlButton, Controls, MiniMap, ReactFlow, useReactFlow,
  type Connection, type Edge, type FinalConnectionState, type NodeTypes, type EdgeTypes,
} from '@xyflow/react';
import { getNodeDefinition } from '@segflow/engine';
import { Maximize } from 'lucide-react';
import { useCallback, useEffect, useMemo, useRef, type DragEvent } from 'react';
import { checkConnection } from '../../store/connection-rules.ts';
import { useEditor, useEditorShallow, useEditorStoreApi } from '../../store/editor-provider.tsx';
import type { EditorEdge, EditorNode } from '../../store/editor-types.ts';
import { selectEdges, selectFlowHandlers, selectNodes, selectReadOnly } from '../../store/selectors.ts';
import { KIND_MIME } from '../palette/Palette.tsx';
import { ROLE_STYLE } from '../palette/role-style.ts';
import { DEFAULT_NODE_SIZE } from './auto-layout.ts';
import { CountEdge } from './CountEdge.tsx';
import { DeleteConfirm } from './DeleteConfirm.tsx';
import { fitGraph, MIN_FIT_ZOOM } from './fit-graph.ts';
import { Notice } from './Notice.tsx';
import { usePreview } from '../preview/preview-context.tsx';
import { SegflowNode } from './SegflowNode.tsx';

const nodeTypes: NodeTypes = { segflow: SegflowNode };

/** What a screen reader says on the canvas, in the editor's words (steps, connections). */
const ARIA_LABELS = {
  'node.a11yDescription.default': 'Press Enter or Space to select this step, Delete to delete it, Escape to let go.',
  'node.a11yDescription.keyboardDisabled': 'Press Enter or Space to select this step, the arrow keys to move it, Delete to delete it, Escape to let go.',
  'edge.a11yDescription.default': 'Press Enter or Space to select this connection, then Delete to remove it.',
  'minimap.ariaLabel': 'Overview of the workflow',
  'handle.ariaLabel': 'Connection dot',
};

/**
 * Each step named by its label for assistive technology (React Flow reads `ariaLabel`).
 * Kept per node object, so an unchanged node stays the same object and is not re-rendered.
 */
const named = new WeakMap<EditorNode, EditorNode>();
const withName = (n: EditorNode): EditorNode => {
  let found = named.get(n);
  if (!found) {
    const title = n.data.label || getNodeDefinition(n.data.kind)?.label || n.data.kind;
    found = { ...n, ariaLabel: title };
    named.set(n, found);
  }
  return found;
};
const edgeTypes: EdgeTypes = { count: CountEdge };
const minimapColor = (n: EditorNode) => {
  const role = getNodeDefinition(n.data.kind)?.role;
  return role ? ROLE_STYLE[role].color : '#999';
};

/** The graph: React Flow over the editor store, with drop-to-add and connection rules. */
export function Canvas() {
  const nodes = useEditor(selectNodes);
  const namedNodes = useMemo(() => nodes.map(withName), [nodes]);
  const edges = useEditor(selectEdges);
  const { onNodesChange, onEdgesChange, connect } = useEditorShallow(selectFlowHandlers);
  const store = useEditorStoreApi();
  const revealRequest = useEditor((s) => s.revealRequest);
  const notify = useEditor((s) => s.notify);
  const readOnly = useEditor(selectReadOnly);
  const openInspector = useEditor((s) => s.setInspectorOpen);
  const { counting } = usePreview();
  const flow = useReactFlow<EditorNode, EditorEdge>();
  // An empty workflow is built where the user drops things: never move the view under them.
  const fitted = useRef(nodes.length === 0);

  // Runs on every pointer move while connecting: refuses wrong data kinds, full ports and loops.
  const isValidConnection = useCallback(
    (c: Connection | Edge) => {
      const s = store.getState();
      return checkConnection(s.nodes, s.edges, c).ok;
    },
    [store],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      const result = connect(c);
      if (!result.ok) notify(result.reason);
    },
    [connect, notify],
  );

  // Dropping on a port that refused says why, so a refusal is never a mystery.
  const onConnectEnd = useCallback(
    (_: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (state.isValid || !state.fromNode || !state.toNode || !state.toHandle) return;
      const s = store.getState();
      const c = state.fromHandle?.type === 'target'
        ? { source: state.toNode.id, target: state.fromNode.id, targetHandle: state.fromHandle.id ?? 'in' }
        : { source: state.fromNode.id, target: state.toNode.id, targetHandle: state.toHandle.id ?? 'in' };
      const check = checkConnection(s.nodes, s.edges, c);
      if (!check.ok) notify(`Not connected: ${check.reason}`);
    },
    [store, notify],
  );

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(KIND_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const kind = e.dataTransfer.getData(KIND_MIME);
      if (!kind) return;
      e.preventDefault();
      const at = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      store.getState().addNode(kind, { x: at.x - DEFAULT_NODE_SIZE.width / 2, y: at.y - DEFAULT_NODE_SIZE.height / 2 });
    },
    [flow, store],
  );

  useEffect(() => {
    if (!revealRequest) return;
    const node = flow.getInternalNode(revealRequest.nodeId);
    if (!node) return;
    const { width = DEFAULT_NODE_SIZE.width, height = DEFAULT_NODE_SIZE.height } = node.measured;
    const at = node.internals.positionAbsolute;
    flow.setCenter(at.x + width / 2, at.y + height / 2, { zoom: Math.max(flow.getZoom(), 1), duration: 300 });
  }, [revealRequest, flow]);

  // Fit a loaded graph once, when its nodes first have sizes.
  useEffect(() => {
    if (fitted.current || nodes.length === 0 || !nodes.every((n) => n.measured)) return;
    fitted.current = true;
    requestAnimationFrame(() => fitGraph(flow));
  }, [nodes, flow]);

  return (
    <div className="canvas" onDragOver={onDragOver} onDrop={onDrop} data-testid="canvas">
      <ReactFlow<EditorNode, EditorEdge>
        nodes={namedNodes}
        edges={edges}
        ariaLabelConfig={ARIA_LABELS}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        // View only: nodes can be selected (to inspect them and see their members), not moved or wired.
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        edgesReconnectable={!readOnly}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        // A double click on a step opens its settings, also when the inspector is folded away.
        onNodeDoubleClick={() => openInspector(true)}
        zoomOnDoubleClick={false}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        connectionLineType={ConnectionLineType.Bezier}
        // Deleting goes through the store, so nodes and their edges leave in one undo step.
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Meta', 'Control']}
        minZoom={MIN_FIT_ZOOM}
        maxZoom={2}
        defaultEdgeOptions={{ type: 'count' }}
      >
        <Background gap={24} size={1} color="#dcdcd6" />
        <MiniMap pannable zoomable nodeColor={minimapColor} nodeStrokeWidth={0} maskColor="rgb(246 246 244 / 0.7)" style={{ width: 168, height: 112 }} />
        {/* Our own fit: the whole graph, clear of the minimap and these buttons. */}
        <Controls showInteractive={false} showFitView={false}>
          <ControlButton onClick={() => fitGraph(flow, 200)} aria-label="Fit View" title="Show the whole workflow">
            <Maximize />
          </ControlButton>
        </Controls>
      </ReactFlow>
      <Notice />
      <DeleteConfirm />
      {counting && nodes.length > 0 && <div className="canvas-counting" role="status">Counting…</div>}
      {nodes.length === 0 && (
        <div className="canvas-empty" aria-live="polite">
          {readOnly ? (
            <p><strong>This workflow has no steps yet.</strong></p>
          ) : (
            <>
              <p><strong>Start with your data.</strong></p>
              <p>Drag a step from the left onto the canvas, or click it to add it here.</p>
            </>
          )}
        </div>
      )}
    </div>
  );
}
