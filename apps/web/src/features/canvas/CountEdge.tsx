import { BaseEdge, EdgeLabelRenderer, getBezierPath, useStore, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { formatCount } from '../../app/format.ts';
import { useEditor } from '../../store/editor-provider.tsx';
import type { EditorEdge } from '../../store/editor-types.ts';
import { usePreview } from '../preview/preview-context.tsx';
import { useActiveRun } from '../runs/run-context.tsx';
import { selectFar } from './zoom-level.ts';

/** Narrower gaps between two steps leave no room for a label clear of both dots. */
export const MIN_LABEL_GAP = 76;

/**
 * An edge labelled with how many customers flow along it: the source's count.
 * Every edge leaving a step carries the same number, so it is written once per
 * step (on its first edge), midway, and only where the steps stand far enough
 * apart for it to clear both dots; the count is on the step itself anyway.
 * Zoomed far out the step shows its count in large type instead.
 */
function CountEdgeView({ id, source, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, selected, markerEnd }: EdgeProps<EditorEdge>) {
  const { counts, stale } = usePreview();
  const run = useActiveRun();
  const far = useStore(selectFar);
  const labelled = useEditor((s) => s.edges.find((e) => e.source === source)?.id === id);
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const roomy = targetX - sourceX >= MIN_LABEL_GAP;
  const ran = run?.state.nodes[source];
  // A finished step of the shown run says exactly how many rows it passed on.
  const fromRun = ran && (ran.status === 'succeeded' || ran.status === 'warning') ? { rows: ran.rows, exact: true } : undefined;
  const count = fromRun ?? counts[source];
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} className={selected ? 'sf-edge is-selected' : 'sf-edge'} />
      {count && labelled && roomy && !far && (
        <EdgeLabelRenderer>
          <div
            className={`sf-edge-label${stale && !fromRun ? ' is-stale' : ''}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            data-testid="edge-count"
          >
            {formatCount(count.rows, count.exact)}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const CountEdge = memo(CountEdgeView);
