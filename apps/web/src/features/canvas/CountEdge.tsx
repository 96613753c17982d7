import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { formatCount } from '../../app/format.ts';
import type { EditorEdge } from '../../store/editor-types.ts';
import { usePreview } from '../preview/preview-context.tsx';
import { useActiveRun } from '../runs/run-context.tsx';

/** An edge labelled with how many customers flow along it: the source's count. */
function CountEdgeView({ id, source, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, selected, markerEnd }: EdgeProps<EditorEdge>) {
  const { counts, stale } = usePreview();
  const run = useActiveRun();
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const ran = run?.state.nodes[source];
  // A finished step of the shown run says exactly how many rows it passed on.
  const fromRun = ran && (ran.status === 'succeeded' || ran.status === 'warning') ? { rows: ran.rows, exact: true } : undefined;
  const count = fromRun ?? counts[source];
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} className={selected ? 'sf-edge is-selected' : 'sf-edge'} />
      {count && (
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
