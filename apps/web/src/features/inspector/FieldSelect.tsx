import type { ColumnType } from '@segflow/engine';

export interface ColumnOption {
  name: string;
  type: ColumnType;
}

interface Props {
  columns: readonly ColumnOption[];
  value: string | undefined;
  onChange: (name: string) => void;
  label: string;
  /** Offer only columns of these types (e.g. numbers for sum). */
  types?: readonly ColumnType[];
  /** Adds a first option meaning "none". */
  emptyLabel?: string;
  className?: string;
}

/**
 * Picks a column among those that exist at this point of the graph. A value that
 * is no longer there stays visible, marked, so nothing changes behind the user's back.
 */
export function FieldSelect({ columns, value, onChange, label, types, emptyLabel, className }: Props) {
  const offered = types ? columns.filter((c) => types.includes(c.type)) : columns;
  const missing = !!value && !offered.some((c) => c.name === value);
  return (
    <select
      className={`select ${className ?? ''}`}
      aria-label={label}
      value={value ?? ''}
      aria-invalid={missing || undefined}
      onChange={(e) => onChange(e.target.value)}
    >
      {(emptyLabel !== undefined || !value) && <option value="">{emptyLabel ?? 'Choose a column…'}</option>}
      {missing && <option value={value}>{value} (not available here)</option>}
      {offered.map((c) => (
        <option key={c.name} value={c.name}>
          {c.name} · {c.type}
        </option>
      ))}
    </select>
  );
}
