import { isBehaviourRule, isGroup, isSequenceRule, type ConditionGroup } from '@segflow/engine';
import { FolderPlus, Plus } from 'lucide-react';
import { Trash2 } from 'lucide-react';
import { BehaviourRow } from './BehaviourRow.tsx';
import { newBehaviourRule, newSequenceRule } from './event-rule-logic.ts';
import { useRuleData } from './rule-data.tsx';
import { RuleCountLine, type RuleCountsState } from './RuleCounts.tsx';
import { newGroup, newRule, type FieldOption } from './rule-logic.ts';
import { RuleRow } from './RuleRow.tsx';
import { SequenceRow } from './SequenceRow.tsx';

interface Props {
  group: ConditionGroup;
  fields: readonly FieldOption[];
  depth: number;
  onChange: (group: ConditionGroup) => void;
  onRemove?: () => void;
  /** Counts beside each item: only the filter's top-level group has them. */
  counts?: RuleCountsState;
}

/** A group: "all" (AND) or "any" (OR) of its rules and groups, optionally negated. */
export function RuleGroupView({ group, fields, depth, onChange, onRemove, counts }: Props) {
  const { events, rows = 'customers' } = useRuleData();
  const set = (patch: Partial<ConditionGroup>) => onChange({ ...group, ...patch });
  const setChild = (i: number, child: ConditionGroup['rules'][number] | null) =>
    set({ rules: child ? group.rules.map((c, j) => (j === i ? child : c)) : group.rules.filter((_, j) => j !== i) });
  const add = (rule: ConditionGroup['rules'][number]) => set({ rules: [...group.rules, rule] });
  const eventFields = events?.fields ?? [];

  return (
    <div className={`rule-group depth-${Math.min(depth, 3)}`} data-testid="rule-group">
      <div className="rule-group-head">
        {depth === 0 && <span>Keep {rows} matching</span>}
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
      {group.rules.length === 0 && <p className="hint">No rules yet: every {rows === 'events' ? 'event counts' : 'customer passes'}.</p>}
      {group.rules.map((child, i) => (
        <div key={child.id ?? i} className="rule-item">
          {i > 0 && <span className="rule-joiner">{group.combinator === 'and' ? 'and' : 'or'}</span>}
          {isGroup(child) ? (
            <RuleGroupView group={child} fields={fields} depth={depth + 1} onChange={(g) => setChild(i, g)} onRemove={() => setChild(i, null)} />
          ) : isBehaviourRule(child) ? (
            <BehaviourRow rule={child} onChange={(r) => setChild(i, r)} onRemove={() => setChild(i, null)} />
          ) : isSequenceRule(child) ? (
            <SequenceRow rule={child} onChange={(r) => setChild(i, r)} onRemove={() => setChild(i, null)} />
          ) : (
            <RuleRow rule={child} fields={fields} onChange={(r) => setChild(i, r)} onRemove={() => setChild(i, null)} />
          )}
          {counts && <RuleCountLine counts={counts.counts} index={i} stale={counts.stale} />}
        </div>
      ))}
      <div className="rule-group-actions" role="group" aria-label="Add a rule">
        <button type="button" className="btn btn-sm" title="A rule on a customer field" onClick={() => add(newRule(fields))} disabled={!fields.length}>
          <Plus size={13} /> Rule
        </button>
        {events && (
          <>
            <button type="button" className="btn btn-sm" title="Customers who did, or did not, do an event" onClick={() => add(newBehaviourRule('did', eventFields))}>
              <Plus size={13} /> Did / did not
            </button>
            <button type="button" className="btn btn-sm" title="Customers who did one event, then (did not do) another within some days" onClick={() => add(newSequenceRule())}>
              <Plus size={13} /> Did … then …
            </button>
            <button type="button" className="btn btn-sm" title="A total, average or highest value of their events in the last days" onClick={() => add(newBehaviourRule('sum', eventFields))}>
              <Plus size={13} /> Total / average
            </button>
          </>
        )}
        <button type="button" className="btn btn-sm btn-ghost" onClick={() => add(newGroup(fields))} disabled={!fields.length}>
          <FolderPlus size={13} /> Group
        </button>
      </div>
    </div>
  );
}
