import type { SequenceRule } from '@segflow/engine';
import { X } from 'lucide-react';
import { DaysInput } from './DaysInput.tsx';
import { EventPicker } from './EventPicker.tsx';

interface Props {
  rule: SequenceRule;
  onChange: (rule: SequenceRule) => void;
  onRemove: () => void;
}

const ANY = { combinator: 'and' as const, rules: [] };

/** "did <A> in the last N days, then did (not) <B> within M days". */
export function SequenceRow({ rule, onChange, onRemove }: Props) {
  const set = (patch: Partial<SequenceRule['sequence']>) => onChange({ ...rule, sequence: { ...rule.sequence, ...patch } });
  return (
    <div className="rule-row event-rule" data-testid="sequence-rule">
      <div className="rule-line">
        <span className="muted">did</span>
        <EventPicker where={rule.sequence.first} label="First event" onChange={(first) => set({ first: first ?? ANY })} />
        <button type="button" className="icon-btn" aria-label="Remove rule" title="Remove rule" onClick={onRemove}>
          <X size={15} />
        </button>
      </div>
      <div className="rule-line">
        <span className="muted">in the last</span>
        <DaysInput value={rule.sequence.lookbackDays} label="Lookback days" onChange={(lookbackDays) => set({ lookbackDays: lookbackDays ?? 0 })} />
        <span className="muted">days, then</span>
      </div>
      <div className="rule-line">
        <select className="select rule-mode" aria-label="Then" value={rule.operator} onChange={(e) => onChange({ ...rule, operator: e.target.value as SequenceRule['operator'] })}>
          <option value="followedBy">did</option>
          <option value="notFollowedBy">did not</option>
        </select>
        <EventPicker where={rule.sequence.then} label="Next event" onChange={(then) => set({ then: then ?? ANY })} />
      </div>
      <div className="rule-line">
        <span className="muted">within</span>
        <DaysInput value={rule.sequence.withinDays} label="Within days" onChange={(withinDays) => set({ withinDays: withinDays ?? 0 })} />
        <span className="muted">days after it</span>
      </div>
    </div>
  );
}
