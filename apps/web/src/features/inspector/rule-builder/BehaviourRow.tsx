import { operatorsFor, type BehaviourRule, type ColumnType, type Operator } from '@segflow/engine';
import { X } from 'lucide-react';
import { FieldSelect } from '../FieldSelect.tsx';
import { DaysInput } from './DaysInput.tsx';
import { EventPicker } from './EventPicker.tsx';
import { BEHAVIOUR_MODES, behaviourMode, changeMode, numericColumns, type BehaviourMode } from './event-rule-logic.ts';
import { useRuleData } from './rule-data.tsx';
import { convertValue, operatorLabel } from './rule-logic.ts';
import { ValueInput } from './ValueInput.tsx';

interface Props {
  rule: BehaviourRule;
  onChange: (rule: BehaviourRule) => void;
  onRemove: () => void;
}

/** "did / did not <event> in the last N days", or "<total> of <amount> for <event> in the last N days is more than 500". */
export function BehaviourRow({ rule, onChange, onRemove }: Props) {
  const { events } = useRuleData();
  const eventFields = events?.fields ?? [];
  const mode = behaviourMode(rule);
  const spec = BEHAVIOUR_MODES.find((m) => m.mode === mode)!;
  const figure = mode !== 'did' && mode !== 'didNot';
  const columnType = eventFields.find((f) => f.name === rule.behavior.column)?.type;
  // A count is a whole number; an average any number; the others the column's own type.
  const valueType: ColumnType = mode === 'count' ? 'integer' : mode === 'avg' ? 'number' : (columnType ?? 'number');
  // A count or a sum is never empty (0 without events), and "is one of" a number of times reads oddly: comparisons only.
  const neverEmpty = mode === 'count' || mode === 'sum';
  const operators: readonly Operator[] = operatorsFor(valueType).filter((op) =>
    op !== 'withinLastDays' && op !== 'notWithinLastDays' && !(neverEmpty && (op === 'null' || op === 'notNull' || op === 'in' || op === 'notIn')));
  const operator = rule.operator as Operator;
  const setBehaviour = (patch: Partial<BehaviourRule['behavior']>) => {
    const behavior = { ...rule.behavior, ...patch };
    for (const key of Object.keys(patch) as (keyof typeof behavior)[]) if (behavior[key] === undefined) delete behavior[key];
    onChange({ ...rule, behavior });
  };

  return (
    <div className="rule-row event-rule" data-testid="behaviour-rule">
      <div className="rule-line">
        <select className="select rule-mode" aria-label="What they did" value={mode} onChange={(e) => onChange(changeMode(rule, e.target.value as BehaviourMode, eventFields))}>
          {BEHAVIOUR_MODES.map((m) => <option key={m.mode} value={m.mode}>{m.label}</option>)}
        </select>
        {spec.needsColumn ? (
          <>
            <span className="muted">of</span>
            <FieldSelect columns={numericColumns(eventFields)} value={rule.behavior.column} label="Event amount" onChange={(column) => setBehaviour({ column: column || undefined })} />
          </>
        ) : (
          <EventPicker where={rule.behavior.where} label="Event" onChange={(where) => setBehaviour({ where })} />
        )}
        <button type="button" className="icon-btn" aria-label="Remove rule" title="Remove rule" onClick={onRemove}>
          <X size={15} />
        </button>
      </div>
      {spec.needsColumn && (
        <div className="rule-line">
          <span className="muted">for</span>
          <EventPicker where={rule.behavior.where} label="Event" onChange={(where) => setBehaviour({ where })} />
        </div>
      )}
      <div className="rule-line">
        <span className="muted">in the last</span>
        <DaysInput value={rule.behavior.withinDays} label="Days" placeholder="all time" onChange={(withinDays) => setBehaviour({ withinDays })} />
        <span className="muted">days</span>
      </div>
      {figure && (
        <div className="rule-line">
          <select
            className="select rule-operator"
            aria-label="Operator"
            value={operator}
            onChange={(e) => {
              const next = e.target.value as Operator;
              onChange({ ...rule, operator: next, value: convertValue(rule.value, valueType, operator, next) });
            }}
          >
            {!operators.includes(operator) && <option value={operator}>{operatorLabel(operator)}</option>}
            {operators.map((op) => <option key={op} value={op}>{operatorLabel(op, valueType)}</option>)}
          </select>
          <ValueInput operator={operator} type={valueType} value={rule.value} onChange={(value) => onChange({ ...rule, value })} />
        </div>
      )}
    </div>
  );
}
