import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { formatCount } from '../../app/format.ts';
import type { EditorEdge } from '../../store/editor-types.ts';
import { useNodeStatus } from './node-status.tsx';

/** An edge labelled with how many customers flow along it: the source's count. */
function CountEdgeView({ id, source, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, selected, markerEnd }: EdgeProps<EditorEdge>) {
  // The source's status only, so one count update renders the edges leaving that node.
  const { count: counted, stale, run: ran } = useNodeStatus(source);
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  // A finished step of the shown run says exactly how many rows it passed on.
  const fromRun = ran && (ran.status === 'succeeded' || ran.status === 'warning') ? { rows: ran.rows, exact: true } : undefined;
  const count = fromRun ?? counted;
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
