import { getNodeDefinition, portsOf } from '@segflow/engine';
import type { XYPosition } from '@xyflow/react';
import { DEFAULT_NODE_SIZE } from './auto-layout.ts';

interface PlacedNode {
  id: string;
  position: XYPosition;
  /** The card's size on the canvas, once drawn (a step with two inputs is taller). */
  measured?: { width?: number; height?: number };
  selected?: boolean;
  data: { kind: string };
}

/** Where a step clicked in the palette goes, and the step it follows (wired into `port`) when there is one. */
export interface NewStepPlace {
  at: XYPosition;
  after?: { source: string; port: string };
}

const GAP = { x: 60, y: 28 };

/**
 * A clicked palette step follows the one selected step whose data it takes,
 * beside it on the right; otherwise it lands at `centre`. Either way it steps
 * down past any step it would cover, so no card hides another's connections.
 */
export function placeNewStep(nodes: readonly PlacedNode[], kind: string, centre: XYPosition): NewStepPlace {
  const chosen = nodes.filter((n) => n.selected);
  const previous = chosen.length === 1 ? chosen[0] : undefined;
  const gives = previous && getNodeDefinition(previous.data.kind)?.output;
  const definition = getNodeDefinition(kind);
  const port = gives && definition ? portsOf(definition).find(([, spec]) => spec.accepts === gives)?.[0] : undefined;
  const { width, height } = DEFAULT_NODE_SIZE;
  let at = previous && port
    ? { x: previous.position.x + width + GAP.x, y: previous.position.y }
    : { x: Math.round(centre.x - width / 2), y: Math.round(centre.y - height / 2) };
  // Rectangles apart by at least half a gap: the new card's, and each card's as drawn.
  const covers = (n: PlacedNode) =>
    at.x < n.position.x + (n.measured?.width ?? width) + GAP.x / 2 && n.position.x < at.x + width + GAP.x / 2 &&
    at.y < n.position.y + (n.measured?.height ?? height) + GAP.y / 2 && n.position.y < at.y + height + GAP.y / 2;
  for (let blocker = nodes.find(covers); blocker; blocker = nodes.find(covers))
    at = { x: at.x, y: blocker.position.y + (blocker.measured?.height ?? height) + GAP.y };
  return previous && port ? { at, after: { source: previous.id, port } } : { at };
}
