import type { ReactFlowInstance } from '@xyflow/react';
import type { EditorEdge, EditorNode } from '../../store/editor-types.ts';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/** What covers the canvas' corners: the minimap (bottom right) and the zoom buttons (bottom left), with their margins. */
export const MINIMAP = { width: 168 + 15, height: 112 + 15 };
export const CONTROLS = { width: 27 + 15, height: 81 + 15 };
const EDGE = 24;
const MAX_FIT_ZOOM = 1.1;
export const MIN_FIT_ZOOM = 0.2;

/** Where a box in flow coordinates lands on screen (pane coordinates) under a viewport. */
export const onScreen = (r: Rect, v: Viewport): Rect => ({ x: r.x * v.zoom + v.x, y: r.y * v.zoom + v.y, width: r.width * v.zoom, height: r.height * v.zoom });

/**
 * The viewport that shows the whole graph (its outputs too) inside the pane,
 * clear of the minimap and the zoom buttons. Two ways keep them clear: room
 * below the graph, or room on both sides of it; the one that gives the larger
 * zoom wins (a wide graph keeps its width, a tall one its height).
 */
export function fitViewport(bounds: Rect, pane: { width: number; height: number }): Viewport {
  const below = { top: EDGE, right: EDGE, bottom: Math.max(MINIMAP.height, CONTROLS.height) + 8, left: EDGE };
  const beside = { top: EDGE, right: MINIMAP.width + 8, bottom: EDGE, left: CONTROLS.width + 8 };
  const fit = (p: typeof below) => {
    const w = Math.max(1, pane.width - p.left - p.right);
    const h = Math.max(1, pane.height - p.top - p.bottom);
    const zoom = Math.max(MIN_FIT_ZOOM, Math.min(MAX_FIT_ZOOM, w / Math.max(1, bounds.width), h / Math.max(1, bounds.height)));
    return {
      x: p.left + (w - bounds.width * zoom) / 2 - bounds.x * zoom,
      y: p.top + (h - bounds.height * zoom) / 2 - bounds.y * zoom,
      zoom,
    };
  };
  const a = fit(below);
  const b = fit(beside);
  return b.zoom > a.zoom ? b : a;
}

/** Shows the whole graph, clear of the minimap and the zoom buttons. */
export function fitGraph(flow: ReactFlowInstance<EditorNode, EditorEdge>, duration = 0) {
  const nodes = flow.getNodes();
  const pane = document.querySelector('.canvas .react-flow')?.getBoundingClientRect();
  if (!nodes.length || !pane) return;
  void flow.setViewport(fitViewport(flow.getNodesBounds(nodes), pane), { duration });
}
