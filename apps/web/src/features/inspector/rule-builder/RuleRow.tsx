import { operatorsFor, OPERATORS, type ConditionRule, type Operator } from '@segflow/engine';
import { X } from 'lucide-react';
import { useId } from 'react';
import { FieldSelect } from '../FieldSelect.tsx';
import { changeField, changeOperator, operatorLabel, typeOfValue, valueKind, type FieldOption } from './rule-logic.ts';
import { useRuleData } from './rule-data.tsx';
import { ValueHints } from './ValueHints.tsx';
import { ValueInput } from './ValueInput.tsx';

interface Props {
  rule: ConditionRule;
  fields: readonly FieldOption[];
  onChange: (rule: ConditionRule) => void;
  onRemove: () => void;
}

/** One rule: a column that exists here, an operator that suits its type, a value that suits the operator. */
export function RuleRow({ rule, fields, onChange, onRemove }: Props) {
  const known = fields.find((f) => f.name === rule.field)?.type;
  // Unknown field (its step was deleted or is not connected): keep its operator and its
  // value on screen, typed by the value, so nothing is lost until the input comes back.
  const operators: readonly Operator[] = known ? operatorsFor(known) : OPERATORS;
  const type = known ?? typeOfValue(rule.value);
  // Lists and ranges get a line of their own: they need the width.
  const kind = valueKind(rule.operator);
  const inline = kind === 'single' || kind === 'days' || kind === 'none';
  const { fieldsNodeId } = useRuleData();
  // Suggestions come from the node the fields come from; without one there is no list to point at.
  const reactId = useId();
  const listId = fieldsNodeId ? `values-${reactId}` : undefined;
  return (
    <div className="rule-row" data-testid="rule-row">
      <div className="rule-line">
        <FieldSelect columns={fields} value={rule.field} label="Field" onChange={(name) => onChange(changeField(rule, name, fields))} />
        <button type="button" className="icon-btn" aria-label="Remove rule" title="Remove rule" onClick={onRemove}>
          <X size={15} />
        </button>
      </div>
      <div className="rule-line">
        <select
          className="select rule-operator"
          aria-label="Operator"
          value={rule.operator}
          onChange={(e) => onChange(changeOperator(rule, e.target.value as Operator, known))}
        >
          {!operators.includes(rule.operator) && <option value={rule.operator}>{operatorLabel(rule.operator)}</option>}
          {operators.map((op) => (
            <option key={op} value={op}>{operatorLabel(op, type)}</option>
          ))}
        </select>
        {inline && <ValueInput operator={rule.operator} type={type} value={rule.value} listId={listId} onChange={(value) => onChange({ ...rule, value })} />}
      </div>
      {known && fieldsNodeId && listId && kind !== 'none' && <ValueHints nodeId={fieldsNodeId} column={rule.field} type={type} listId={listId} />}
      {!inline && (
        <div className="rule-line">
          <ValueInput operator={rule.operator} type={type} value={rule.value} listId={listId} onChange={(value) => onChange({ ...rule, value })} />
        </div>
      )}
    </div>
  );
}
