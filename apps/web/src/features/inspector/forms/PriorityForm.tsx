import { ArrowDown, ArrowUp } from 'lucide-react';
import { useEditor, useEditorStoreApi } from '../../../store/editor-provider.tsx';
import { selectEdges, selectNodes } from '../../../store/selectors.ts';
import { nodeName } from '../../canvas/node-name.ts';
import { Field, TextInput } from './fields.tsx';
import { str, type FormProps } from './form-props.ts';
import './order-forms.css';

/**
 * Audiences in priority order: a customer in several goes to the first. The
 * order is the order of the edges, so moving an audience reorders its edge.
 */
export function PriorityForm({ nodeId, config, set }: FormProps) {
  const edges = useEditor(selectEdges);
  const nodes = useEditor(selectNodes);
  const store = useEditorStoreApi();
  const inputs = edges.filter((e) => e.target === nodeId && (e.targetHandle ?? 'in') === 'in');
  return (
    <>
      <Field label="New column name" help="Holds the id of the audience each customer went to.">
        <TextInput value={str(config.as)} placeholder="audience" label="New column name" mono onChange={(v) => set({ as: v || undefined })} />
      </Field>
      <div className="field">
        <span className="field-label">Priority, highest first</span>
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
      <Field label="When two audiences have different columns of the same name">
        <select className="select" aria-label="Conflict" value={str(config.conflict)} onChange={(e) => set({ conflict: e.target.value || undefined })}>
          <option value="">report it as a problem</option>
          <option value="first">take the first audience’s value</option>
          <option value="last">take the last audience’s value</option>
        </select>
      </Field>
    </>
  );
}
