import type { ReactFlowState } from '@xyflow/react';

/** Below this zoom a step's small print is unreadable: steps show only their name and count, in large type. */
export const FAR_ZOOM = 0.8;

/** One boolean for every node and edge: they re-render when the zoom crosses the threshold, not on every zoom step. */
export const selectFar = (s: ReactFlowState) => s.transform[2] < FAR_ZOOM;
