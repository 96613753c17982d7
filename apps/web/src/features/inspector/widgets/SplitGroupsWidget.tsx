import { DEFAULT_SPLIT_COLUMN } from '@segflow/engine';
import { Plus, Rows3, X } from 'lucide-react';
import { useRef } from 'react';
import { useEditor, useEditorStoreApi } from '../../../store/editor-provider.tsx';
import { str } from '../forms/form-props.ts';
import { addGroup, groupFilters, groupsWithoutFilter, totalPercent, totalProblem, type SplitGroup } from './split-groups.ts';
import type { WidgetProps } from './widget-props.ts';
import './order-widgets.css';
import { destinationFor } from './destinations.ts';

/**
 * An experiment's groups and their percents, with a live total that must reach
 * 100, and a way to get one filter and one output per group in a click.
 */
export function SplitGroupsWidget({ nodeId, config, field, value, setValue }: WidgetProps) {
  const store = useEditorStoreApi();
  const groups = (Array.isArray(value) ? value : []) as SplitGroup[];
  const as = str(config.as) || DEFAULT_SPLIT_COLUMN;
  const problem = totalProblem(groups);
  const setGroup = (i: number, patch: Partial<SplitGroup>) => setValue(groups.map((g, j) => (j === i ? { ...g, ...patch } : g)));
  // The filter each group had when its name began to change, so the filter follows the typing even
  // when a name on the way matches another group's ("group_2" to "group_10" passes "group_1").
  const owners = useRef(new Map<number, string | null>());
  const ownerOf = (i: number) => {
    if (!owners.current.has(i)) {
      const state = store.getState();
      const mine = groupFilters(state.nodes, state.edges, nodeId, as).filter((f) => f.group === groups[i].name);
      owners.current.set(i, mine.length === 1 ? mine[0].step.id : null);
    }
    return owners.current.get(i);
  };
  // A renamed group takes its filter along (rule and name) and the output after it (name), so that
  // filter does not quietly keep nobody; one undo step per rename.
  const renameGroup = (i: number, name: string) => {
    const old = groups[i].name;
    const filterId = ownerOf(i);
    store.getState().asOneEdit(() => {
      setGroup(i, { name });
      const state = store.getState();
      const filter = state.nodes.find((n) => n.id === filterId);
      if (!filter) return;
      const condition = filter.data.config.condition as { rules: Record<string, unknown>[] };
      state.setNodeConfig(filter.id, { ...filter.data.config, condition: { ...condition, rules: [{ ...condition.rules[0], value: name }] } });
      if (filter.data.label === `Group ${old}`) state.setNodeLabel(filter.id, `Group ${name}`);
      for (const e of state.edges.filter((edge) => edge.source === filter.id)) {
        const output = state.nodes.find((n) => n.id === e.target && n.data.kind === 'output');
        if (output?.data.label === old) state.setNodeLabel(output.id, name);
      }
    });
  };
  const setGroups = (next: SplitGroup[]) => {
    owners.current.clear();
    setValue(next);
  };

  // Joined into one string: a selector must not make a new array on every store change.
  const missingNames = useEditor((s) => groupsWithoutFilter(s.nodes, s.edges, nodeId, as, groups).join('\u0000'));
  const missing = missingNames ? missingNames.split('\u0000') : [];

  /** A filter "<column> is <group>" and a segment output for each group that has none yet, to the right of the split: one undo step. */
  const addOutputs = () => {
    const at = store.getState().nodes.find((n) => n.id === nodeId)?.position ?? { x: 0, y: 0 };
    owners.current.clear();
    store.getState().asOneEdit(() => {
      groups.forEach((g, i) => {
        if (!missing.includes(g.name)) return;
        const y = at.y + (i - (groups.length - 1) / 2) * 140;
        const filter = store.getState().addNode('filter', { x: at.x + 300, y }, { source: nodeId, port: 'in' });
        if (!filter) return;
        const output = store.getState().addNode('output', { x: at.x + 600, y }, { source: filter, port: 'in' });
        if (!output) return;
        const state = store.getState();
        state.setNodeConfig(filter, { condition: { combinator: 'and', rules: [{ field: as, operator: '=', value: g.name }] } });
        state.setNodeLabel(filter, `Group ${g.name}`);
        const segment = g.name.toLowerCase().replace(/[^a-z0-9_]+/g, '_') || `group_${i + 1}`;
        state.setNodeConfig(output, { segment, destination: destinationFor('csv', segment) });
        state.setNodeLabel(output, g.name);
      });
    });
    store.getState().selectOnly(nodeId);
  };

  return (
    <div className="field">
      <span className="field-label">{field.label}</span>
      <ul className="split-groups" aria-label={field.name ?? field.label}>
        {groups.map((g, i) => (
          <li key={i}>
            <input className="input" aria-label={`Group ${i + 1} name`} value={g.name} maxLength={64} onChange={(e) => renameGroup(i, e.target.value)} onBlur={() => owners.current.delete(i)} />
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
            <button type="button" className="icon-btn" aria-label={`Remove group ${g.name}`} title="Remove group" disabled={groups.length <= 2} onClick={() => setGroups(groups.filter((_, j) => j !== i))}>
              <X size={14} />
            </button>
          </li>
        ))}
      </ul>
      <p className={`split-total${problem ? ' error-text' : ''}`} data-testid="split-total" role="status">
        Total {totalPercent(groups)}%{problem ? `: ${problem}` : ''}
      </p>
      <div className="rule-group-actions">
        <button type="button" className="btn btn-sm" disabled={groups.length >= 20} onClick={() => setGroups(addGroup(groups))}>
          <Plus size={13} /> Group
        </button>
        <button type="button" className="btn btn-sm" disabled={!!problem || groups.length < 2 || missing.length === 0} onClick={addOutputs}
          title={missing.length === 0 ? 'Every group has its filter already.' : undefined}>
          <Rows3 size={13} /> {missing.length < groups.length && missing.length > 0 ? `Add outputs for ${missing.join(', ')}` : 'Add an output per group'}
        </button>
      </div>
    </div>
  );
}
