import type { ReactFlowInstance } from '@xyflow/react';
import type { EditorEdge, EditorNode } from '../../store/editor-types.ts';

/** Below this zoom, labels stop being readable. */
export const MIN_READABLE_ZOOM = 0.75;
const MAX_FIT_ZOOM = 1.1;
const PADDING = 32;

/**
 * Shows the whole graph when it fits at a readable size. A larger one is shown
 * from its start (the data sources, on the left) at the smallest readable zoom,
 * as it is read; the minimap shows the rest.
 */
export function fitGraph(flow: ReactFlowInstance<EditorNode, EditorEdge>, duration = 0) {
  const nodes = flow.getNodes();
  const pane = document.querySelector('.canvas .react-flow')?.getBoundingClientRect();
  if (!nodes.length || !pane) return;
  const bounds = flow.getNodesBounds(nodes);
  const fits = Math.min(MAX_FIT_ZOOM, (pane.width - 2 * PADDING) / bounds.width, (pane.height - 2 * PADDING) / bounds.height);
  if (fits >= MIN_READABLE_ZOOM) {
    void flow.fitView({ padding: 0.12, maxZoom: MAX_FIT_ZOOM, duration });
    return;
  }
  const zoom = Math.max(MIN_READABLE_ZOOM, Math.min(fits, MAX_FIT_ZOOM));
  const y = bounds.height * zoom <= pane.height - 2 * PADDING ? pane.height / 2 - (bounds.y + bounds.height / 2) * zoom : PADDING - bounds.y * zoom;
  void flow.setViewport({ x: PADDING - bounds.x * zoom, y, zoom }, { duration });
}
