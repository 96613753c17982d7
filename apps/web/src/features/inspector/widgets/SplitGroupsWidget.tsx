import { Plus, X } from 'lucide-react';
import { num, str } from '../forms/form-props.ts';
import type { WidgetProps } from './widget-props.ts';

type Group = { name: string; percent: number };

/** A split's groups, each a name and a percent of customers (the engine checks they add up to 100). */
export function SplitGroupsWidget({ field, value, setValue }: WidgetProps) {
  const groups = Array.isArray(value) ? (value as Group[]) : [];
  const change = (i: number, patch: Partial<Group>) => setValue(groups.map((g, k) => (k === i ? { ...g, ...patch } : g)));
  return (
    <div className="field">
      <span className="field-label">{field.label}</span>
      <ul className="split-groups">
        {groups.map((g, i) => (
          <li key={i} className="inline-fields">
            <input className="input mono" aria-label={`Name of group ${i + 1}`} value={str(g.name)} onChange={(e) => change(i, { name: e.target.value })} />
            <span className="inline-fields">
              <input className="input" type="number" min={0} max={100} step="any" aria-label={`Percent of group ${i + 1}`} value={num(g.percent) ?? ''}
                onChange={(e) => change(i, { percent: Number.isFinite(e.target.valueAsNumber) ? e.target.valueAsNumber : 0 })} />
              <button type="button" className="icon-btn" aria-label={`Remove group ${i + 1}`} disabled={groups.length <= 2} onClick={() => setValue(groups.filter((_, k) => k !== i))}><X size={14} /></button>
            </span>
          </li>
        ))}
      </ul>
      <button type="button" className="btn btn-sm" disabled={groups.length >= 20} onClick={() => setValue([...groups, { name: `group_${groups.length + 1}`, percent: 0 }])}><Plus size={14} /> Add a group</button>
    </div>
  );
}
