import type { ReactNode } from 'react';

/** A labelled control with optional help underneath: the inspector's one field layout. */
export function Field({ label, help, children }: { label: string; help?: ReactNode; children: ReactNode }) {
  return (
    <label className="field">
      <span>{label}</span>
      {children}
      {help && <span className="hint">{help}</span>}
    </label>
  );
}

export function TextInput({ value, onChange, label, placeholder, invalid, mono }: { value: string; onChange: (v: string) => void; label: string; placeholder?: string; invalid?: boolean; mono?: boolean }) {
  return (
    <input className={`input${mono ? ' mono' : ''}`} aria-label={label} value={value} placeholder={placeholder} aria-invalid={invalid || undefined} onChange={(e) => onChange(e.target.value)} />
  );
}

export function NumberInput({ value, onChange, label, min, placeholder }: { value: number | undefined; onChange: (v: number | undefined) => void; label: string; min?: number; placeholder?: string }) {
  return (
    <input
      className="input"
      type="number"
      aria-label={label}
      min={min}
      value={value ?? ''}
      placeholder={placeholder}
      onChange={(e) => onChange(e.target.value === '' || !Number.isFinite(e.target.valueAsNumber) ? undefined : e.target.valueAsNumber)}
    />
  );
}

export function Checkbox({ checked, onChange, children }: { checked: boolean; onChange: (v: boolean) => void; children: ReactNode }) {
  return (
    <label className="checkbox">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <span>{children}</span>
    </label>
  );
}

/** Checkboxes over columns: which to bring along (lookup fields, output fields). */
export function ColumnChecklist({ columns, value, onChange, label }: { columns: readonly { name: string; type: string }[]; value: readonly string[]; onChange: (v: string[]) => void; label: string }) {
  return (
    <fieldset className="checklist" aria-label={label}>
      {columns.map((c) => (
        <Checkbox key={c.name} checked={value.includes(c.name)} onChange={(on) => onChange(on ? [...value, c.name] : value.filter((v) => v !== c.name))}>
          {c.name} <span className="muted">· {c.type}</span>
        </Checkbox>
      ))}
    </fieldset>
  );
}
