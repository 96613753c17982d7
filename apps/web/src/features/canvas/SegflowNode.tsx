import { Handle, Position, useStore, type NodeProps } from '@xyflow/react';
import { DEFAULT_RETRY, getNodeDefinition } from '@segflow/engine';
import { AlertTriangle, CircleAlert } from 'lucide-react';
import { memo } from 'react';
import { formatCount } from '../../app/format.ts';
import type { EditorNode } from '../../store/editor-types.ts';
import { OUTPUT_HANDLE } from '../../store/editor-types.ts';
import { NodeIcon } from '../palette/NodeIcon.tsx';
import { ROLE_STYLE } from '../palette/role-style.ts';
import { summarizeNode } from './node-summary.ts';
import { NodeRunStrip } from './NodeRunStrip.tsx';
import { useNodeStatus } from './node-status.tsx';
import { selectFar } from './zoom-level.ts';
import { useEditor } from '../../store/editor-provider.tsx';
import { membershipWord } from '../lookup/membership-words.ts';

/**
 * A step on the canvas: role colour and icon, label, live count, problems, run
 * status. A step with several inputs names each of its input dots.
 */
function SegflowNodeView({ id, data, selected }: NodeProps<EditorNode>) {
  const definition = getNodeDefinition(data.kind);
  // Its own count, problems, run status and words only: another node's new count does not render this one.
  const { count, stale, problems, run: nodeRun, words } = useNodeStatus(id);
  const errors = problems.filter((p) => p.severity === 'error');
  const role = definition ? ROLE_STYLE[definition.role] : undefined;
  const ports = Object.entries(definition?.inputs ?? {});
  const title = data.label || definition?.label || data.kind;
  const summary = summarizeNode(data.kind, data.config);
  const far = useStore(selectFar);
  const labelledPorts = ports.length > 1;
  // A looked-up customer: 'in' / 'out' / 'unknown' here, 'none' where they never arrive; undefined without a lookup.
  const lookup = useEditor((s) => (s.lookup ? (id in s.lookup.explanation.nodes ? membershipWord(s.lookup.explanation.nodes[id].in) : 'none') : undefined));

  return (
    <div
      className={`sf-node${selected ? ' is-selected' : ''}${errors.length ? ' has-errors' : ''}${far ? ' is-far' : ''}${lookup ? ` lookup-${lookup}` : ''}`}
      style={{ '--role': role?.color ?? 'var(--idle)' } as React.CSSProperties}
      data-testid={`node-${id}`}
      data-status={nodeRun?.status}
      data-lookup={lookup}
    >
      {lookup && lookup !== 'none' && (
        <span className={`sf-lookup-badge is-${lookup}`} data-testid="lookup-badge">{lookup === 'in' ? 'In' : lookup === 'out' ? 'Out' : '?'}</span>
      )}
      {!labelledPorts && ports.map(([port, spec]) => (
        <Handle key={port} type="target" id={port} position={Position.Left} className="sf-handle" title={`${spec.label}${spec.many ? ' (one or more)' : ''}`} />
      ))}
      <div className="sf-node-head">
        <span className="sf-node-icon"><NodeIcon name={definition?.icon ?? ''} size={15} /></span>
        <span className="sf-node-title" title={title}>{title}</span>
        {problems.length > 0 && (
          <span className={`sf-problem-marker ${errors.length ? 'bad' : 'warn'}`} tabIndex={0} role="img" aria-label={problems.map((p) => p.message).join(' ')} data-testid="problem-marker">
            {errors.length ? <CircleAlert size={15} /> : <AlertTriangle size={15} />}
            <span className="sf-tooltip" role="tooltip">
              {problems.map((p, i) => (
                <span key={i} className={p.severity === 'error' ? 'bad' : 'warn'}>{p.message}</span>
              ))}
            </span>
          </span>
        )}
      </div>
      <div className="sf-node-meta">
        <span className="sf-node-kind" title={words ?? summary}>{definition ? summary || definition.label : `Unknown: ${data.kind}`}</span>
        {count && (
          <span className={`sf-node-count${stale ? ' is-stale' : ''}`} data-testid={far ? undefined : 'node-count'} title={count.exact ? 'Exact count' : `Estimate from a sample${count.bound ? `, ± ${formatCount(count.bound)}` : ''}`}>
            {formatCount(count.rows, count.exact)}
          </span>
        )}
      </div>
      {labelledPorts && (
        <div className="sf-ports">
          {ports.map(([port, spec]) => (
            <div key={port} className="sf-port" data-testid={`port-${port}`}>
              <Handle type="target" id={port} position={Position.Left} className="sf-handle" title={`${spec.label}${spec.many ? ' (one or more)' : ''}`} />
              <span className="sf-port-label">{spec.label}{spec.many ? ' (one or more)' : ''}</span>
            </div>
          ))}
        </div>
      )}
      {nodeRun && <NodeRunStrip run={nodeRun} maxAttempts={data.retry?.attempts ?? DEFAULT_RETRY.attempts} />}
      {far && (
        // Zoomed far out: name and count in large type over the same box, so the layout and the dots stay put.
        <div className={`sf-far${nodeRun ? ` is-${nodeRun.status}` : ''}`}>
          <span className="sf-far-title">{title}</span>
          {count && <span className={`sf-far-count${stale ? ' is-stale' : ''}`} data-testid="node-count">{formatCount(count.rows, count.exact)}</span>}
        </div>
      )}
      {definition?.output !== null && <Handle type="source" id={OUTPUT_HANDLE} position={Position.Right} className="sf-handle" />}
    </div>
  );
}

export const SegflowNode = memo(SegflowNodeView);
