import { ArrowDown, ArrowUp } from 'lucide-react';
import { useEditor, useEditorStoreApi } from '../../../store/editor-provider.tsx';
import { selectEdges, selectNodes } from '../../../store/selectors.ts';
import { nodeName } from '../../canvas/node-name.ts';
import type { WidgetProps } from './widget-props.ts';
import './order-widgets.css';

/**
 * Audiences in priority order: a customer in several goes to the first. The
 * order is the order of the edges, so moving an audience reorders its edge.
 */
export function PriorityOrderWidget({ nodeId, field }: WidgetProps) {
  const edges = useEditor(selectEdges);
  const nodes = useEditor(selectNodes);
  const store = useEditorStoreApi();
  const inputs = edges.filter((e) => e.target === nodeId && (e.targetHandle ?? 'in') === (field.port ?? 'in'));
  return (
    <div className="field">
      <span className="field-label">{field.label}</span>
      {inputs.length === 0 && <p className="hint">Connect two or more audiences.</p>}
      <ol className="priority-list" aria-label="Priority order">
        {inputs.map((e, i) => {
          const name = nodeName(nodes.find((n) => n.id === e.source), e.source);
          return (
            <li key={e.id}>
              <span className="priority-rank">{i + 1}</span>
              <span className="priority-name">{name}</span>
              <button type="button" className="icon-btn" aria-label={`Move ${name} up`} title="Higher priority" disabled={i === 0} onClick={() => store.getState().moveInput(e.id, -1)}>
                <ArrowUp size={14} />
              </button>
              <button type="button" className="icon-btn" aria-label={`Move ${name} down`} title="Lower priority" disabled={i === inputs.length - 1} onClick={() => store.getState().moveInput(e.id, 1)}>
                <ArrowDown size={14} />
              </button>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
