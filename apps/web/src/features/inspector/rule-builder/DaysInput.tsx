import { parseDays } from './event-rule-logic.ts';

/** A whole number of days; empty means "ever" where the rule allows it. */
export function DaysInput({ value, label, placeholder, onChange }: { value: number | undefined; label: string; placeholder?: string; onChange: (days: number | undefined) => void }) {
  return (
    <input
      className="input days-box"
      aria-label={label}
      type="number"
      min={0}
      step={1}
      value={value ?? ''}
      placeholder={placeholder}
      onChange={(e) => onChange(parseDays(e.target.value))}
    />
  );
}
