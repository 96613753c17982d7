import { BaseEdge, EdgeLabelRenderer, getBezierPath, useStore, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { formatCount } from '../../app/format.ts';
import { useEditor } from '../../store/editor-provider.tsx';
import type { EditorEdge } from '../../store/editor-types.ts';
import { usePreview } from '../preview/preview-context.tsx';
import { useActiveRun } from '../runs/run-context.tsx';
import { selectFar } from './zoom-level.ts';

/**
 * An edge labelled with how many customers flow along it: the source's count.
 * Every edge leaving a step carries the same number, so it is written once per
 * step, just past its output dot and above the line: labels never stack on one
 * another or cover a dot. Zoomed far out the step shows its count in large type
 * instead.
 */
function CountEdgeView({ id, source, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, selected, markerEnd }: EdgeProps<EditorEdge>) {
  const { counts, stale } = usePreview();
  const run = useActiveRun();
  const far = useStore(selectFar);
  const labelled = useEditor((s) => s.edges.find((e) => e.source === source)?.id === id);
  const [path] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const ran = run?.state.nodes[source];
  // A finished step of the shown run says exactly how many rows it passed on.
  const fromRun = ran && (ran.status === 'succeeded' || ran.status === 'warning') ? { rows: ran.rows, exact: true } : undefined;
  const count = fromRun ?? counts[source];
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} className={selected ? 'sf-edge is-selected' : 'sf-edge'} />
      {count && labelled && !far && (
        <EdgeLabelRenderer>
          <div
            className={`sf-edge-label${stale && !fromRun ? ' is-stale' : ''}`}
            style={{ transform: `translate(${sourceX + 9}px, ${sourceY - 3}px) translateY(-100%)` }}
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
