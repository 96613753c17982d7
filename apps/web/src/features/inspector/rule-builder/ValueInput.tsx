import type { ColumnType, Operator } from '@segflow/engine';
import { ListInput } from './ListInput.tsx';
import { parseValue, valueKind, valueText } from './rule-logic.ts';

interface SingleProps {
  type: ColumnType;
  value: unknown;
  onChange: (v: unknown) => void;
  label: string;
  /** A datalist of suggested values (text columns). */
  listId?: string;
}

/** One value, with the browser's own input for its type (date picker, number box, yes/no). */
function SingleValue({ type, value, onChange, label, listId }: SingleProps) {
  if (type === 'boolean')
    return (
      <select className="select" aria-label={label} value={valueText(value)} onChange={(e) => onChange(parseValue(e.target.value, type))}>
        <option value="true">true</option>
        <option value="false">false</option>
      </select>
    );
  const inputType = type === 'date' ? 'date' : type === 'timestamp' ? 'datetime-local' : type === 'string' ? 'text' : 'number';
  return (
    <input
      className="input"
      aria-label={label}
      type={inputType}
      step={type === 'integer' ? 1 : type === 'number' ? 'any' : undefined}
      value={valueText(value)}
      placeholder={type === 'string' ? 'text' : undefined}
      list={type === 'string' ? listId : undefined}
      onChange={(e) => onChange(parseValue(e.target.value, type))}
    />
  );
}

/** The value part of a rule, shaped by the operator: none, one, a list, a range, or days. */
export function ValueInput({ operator, type, value, onChange, listId }: { operator: Operator; type: ColumnType; value: unknown; onChange: (v: unknown) => void; listId?: string }) {
  switch (valueKind(operator)) {
    case 'none':
      return null;
    case 'list':
      return <ListInput value={value} type={type} onChange={onChange} label="Values" listId={listId} />;
    case 'range': {
      const [lo, hi] = Array.isArray(value) ? value : [null, null];
      return (
        <span className="range-input">
          <SingleValue type={type} value={lo} label="From" onChange={(v) => onChange([v, hi])} />
          <span className="muted">and</span>
          <SingleValue type={type} value={hi} label="To" onChange={(v) => onChange([lo, v])} />
        </span>
      );
    }
    case 'days':
      return (
        <span className="days-input">
          <input
            className="input"
            aria-label="Days"
            type="number"
            min={0}
            step={1}
            value={valueText(value)}
            onChange={(e) => onChange(parseValue(e.target.value, 'integer'))}
          />
          <span className="muted">days</span>
        </span>
      );
    case 'single':
      return <SingleValue type={type} value={value} label="Value" onChange={onChange} listId={listId} />;
  }
}
