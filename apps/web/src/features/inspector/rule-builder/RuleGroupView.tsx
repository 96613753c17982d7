import { isFieldRule, isGroup, type ConditionGroup } from '@segflow/engine';
import { FolderPlus, Plus, Trash2 } from 'lucide-react';
import { newGroup, newRule, type FieldOption } from './rule-logic.ts';
import { RuleRow } from './RuleRow.tsx';

interface Props {
  group: ConditionGroup;
  fields: readonly FieldOption[];
  depth: number;
  onChange: (group: ConditionGroup) => void;
  onRemove?: () => void;
}

/** A group: "all" (AND) or "any" (OR) of its rules and groups, optionally negated. */
export function RuleGroupView({ group, fields, depth, onChange, onRemove }: Props) {
  const set = (patch: Partial<ConditionGroup>) => onChange({ ...group, ...patch });
  const setChild = (i: number, child: ConditionGroup['rules'][number] | null) =>
    set({ rules: child ? group.rules.map((c, j) => (j === i ? child : c)) : group.rules.filter((_, j) => j !== i) });

  return (
    <div className={`rule-group depth-${Math.min(depth, 3)}`} data-testid="rule-group">
      <div className="rule-group-head">
        {depth === 0 && <span>Keep customers matching</span>}
        <select
          className="select"
          aria-label="Match"
          value={`${group.not ? 'not-' : ''}${group.combinator}`}
          onChange={(e) => {
            const [not, combinator] = e.target.value.startsWith('not-') ? [true, e.target.value.slice(4)] : [false, e.target.value];
            set({ combinator: combinator as 'and' | 'or', not: not || undefined });
          }}
        >
          <option value="and">all of these (AND)</option>
          <option value="or">any of these (OR)</option>
          <option value="not-or">none of these (NOT OR)</option>
          <option value="not-and">not all of these (NOT AND)</option>
        </select>
        {onRemove && (
          <button type="button" className="icon-btn" aria-label="Remove group" title="Remove group" onClick={onRemove}>
            <Trash2 size={14} />
          </button>
        )}
      </div>
      {group.rules.length === 0 && <p className="hint">No rules yet: every customer passes.</p>}
      {group.rules.map((child, i) => (
        <div key={child.id ?? i} className="rule-item">
          {i > 0 && <span className="rule-joiner">{group.combinator === 'and' ? 'and' : 'or'}</span>}
          {isGroup(child) ? (
            <RuleGroupView group={child} fields={fields} depth={depth + 1} onChange={(g) => setChild(i, g)} onRemove={() => setChild(i, null)} />
          ) : isFieldRule(child) ? (
            <RuleRow rule={child} fields={fields} onChange={(r) => setChild(i, r)} onRemove={() => setChild(i, null)} />
          ) : (
            // Behaviour and sequence rules get their editor later; until then they are kept as they are.
            <p className="hint">A rule on what customers did (not editable here yet).</p>
          )}
        </div>
      ))}
      <div className="rule-group-actions">
        <button type="button" className="btn btn-sm" onClick={() => set({ rules: [...group.rules, newRule(fields)] })} disabled={!fields.length}>
          <Plus size={13} /> Rule
        </button>
        <button type="button" className="btn btn-sm btn-ghost" onClick={() => set({ rules: [...group.rules, newGroup(fields)] })} disabled={!fields.length}>
          <FolderPlus size={13} /> Group
        </button>
      </div>
    </div>
  );
}
