import { Plus, Rows3, X } from 'lucide-react';
import { useEditorStoreApi } from '../../../store/editor-provider.tsx';
import { Field, TextInput } from './fields.tsx';
import { str, type FormProps } from './form-props.ts';
import { addGroup, totalPercent, totalProblem, type SplitGroup } from './split-groups.ts';
import './order-forms.css';

const DEFAULT_COLUMN = 'group';

/**
 * An experiment's groups and their percents, with a live total that must reach
 * 100, and a way to get one filter and one output per group in a click.
 */
export function SplitForm({ nodeId, config, set }: FormProps) {
  const store = useEditorStoreApi();
  const groups = (Array.isArray(config.groups) ? config.groups : []) as SplitGroup[];
  const as = str(config.as) || DEFAULT_COLUMN;
  const problem = totalProblem(groups);
  const setGroup = (i: number, patch: Partial<SplitGroup>) => set({ groups: groups.map((g, j) => (j === i ? { ...g, ...patch } : g)) });

  /** A filter "<column> is <group>" and a segment output for each group, to the right of the split. */
  const addOutputs = () => {
    const editor = store.getState();
    const at = editor.nodes.find((n) => n.id === nodeId)?.position ?? { x: 0, y: 0 };
    groups.forEach((g, i) => {
      const y = at.y + (i - (groups.length - 1) / 2) * 140;
      const filter = editor.addNode('filter', { x: at.x + 300, y });
      const output = store.getState().addNode('output', { x: at.x + 600, y });
      if (!filter || !output) return;
      const state = store.getState();
      state.setNodeConfig(filter, { condition: { combinator: 'and', rules: [{ field: as, operator: '=', value: g.name }] } });
      state.setNodeLabel(filter, `Group ${g.name}`);
      const segment = g.name.toLowerCase().replace(/[^a-z0-9_]+/g, '_') || `group_${i + 1}`;
      state.setNodeConfig(output, { segment, destination: { type: 'csv', path: `${segment}.csv` } });
      state.connect({ source: nodeId, target: filter, sourceHandle: 'out', targetHandle: 'in' });
      state.connect({ source: filter, target: output, sourceHandle: 'out', targetHandle: 'in' });
    });
    store.getState().selectOnly(nodeId);
  };

  return (
    <>
      <Field label="New column name" help="Downstream, a filter on this column picks a group.">
        <TextInput value={str(config.as)} placeholder={DEFAULT_COLUMN} label="New column name" mono onChange={(v) => set({ as: v || undefined })} />
      </Field>
      <Field label="Seed" help="The same seed always puts a customer in the same group. Change it for a new experiment.">
        <TextInput value={str(config.seed)} label="Seed" mono onChange={(seed) => set({ seed })} />
      </Field>
      <div className="field">
        <span className="field-label">Groups</span>
        <ul className="split-groups" aria-label="Groups">
          {groups.map((g, i) => (
            <li key={i}>
              <input className="input" aria-label={`Group ${i + 1} name`} value={g.name} maxLength={64} onChange={(e) => setGroup(i, { name: e.target.value })} />
              <input
                className="input percent"
                aria-label={`Group ${i + 1} percent`}
                type="number"
                min={0.01}
                max={100}
                step={0.01}
                value={Number.isFinite(g.percent) ? g.percent : ''}
                onChange={(e) => setGroup(i, { percent: e.target.value === '' ? Number.NaN : e.target.valueAsNumber })}
              />
              <span className="muted">%</span>
              <button type="button" className="icon-btn" aria-label={`Remove group ${g.name}`} title="Remove group" disabled={groups.length <= 2} onClick={() => set({ groups: groups.filter((_, j) => j !== i) })}>
                <X size={14} />
              </button>
            </li>
          ))}
        </ul>
        <p className={`split-total${problem ? ' error-text' : ''}`} data-testid="split-total" role="status">
          Total {totalPercent(groups)}%{problem ? `: ${problem}` : ''}
        </p>
        <div className="rule-group-actions">
          <button type="button" className="btn btn-sm" disabled={groups.length >= 20} onClick={() => set({ groups: addGroup(groups) })}>
            <Plus size={13} /> Group
          </button>
          <button type="button" className="btn btn-sm" disabled={!!problem || groups.length < 2} onClick={addOutputs}>
            <Rows3 size={13} /> Add an output per group
          </button>
        </div>
      </div>
    </>
  );
}
