import type { ColumnType } from '@segflow/engine';
import { X } from 'lucide-react';
import { useState } from 'react';
import { parseValue, valueText } from './rule-logic.ts';

/** A list of values as chips: type one, Enter or comma adds it; pasting "a, b, c" adds three. */
export function ListInput({ value, type, onChange, label, listId }: { value: unknown; type: ColumnType; onChange: (v: unknown[]) => void; label: string; listId?: string }) {
  const items = Array.isArray(value) ? value : [];
  const [draft, setDraft] = useState('');
  const add = (text: string) => {
    const parts = text.split(',').map((s) => s.trim()).filter(Boolean);
    if (!parts.length) return;
    onChange([...items, ...parts.map((p) => parseValue(p, type))]);
    setDraft('');
  };
  return (
    <div className="list-input">
      {items.map((item, i) => (
        <span key={i} className="chip">
          {valueText(item)}
          <button type="button" aria-label={`Remove ${valueText(item)}`} onClick={() => onChange(items.filter((_, j) => j !== i))}>
            <X size={11} />
          </button>
        </span>
      ))}
      <input
        className="list-input-field"
        aria-label={label}
        value={draft}
        placeholder={items.length ? 'add…' : 'type, then Enter'}
        type={type === 'date' ? 'date' : 'text'}
        list={type === 'string' ? listId : undefined}
        onChange={(e) => (e.target.value.includes(',') ? add(e.target.value) : setDraft(e.target.value))}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            add(draft);
          } else if (e.key === 'Backspace' && !draft && items.length) onChange(items.slice(0, -1));
        }}
        onBlur={() => add(draft)}
      />
    </div>
  );
}
