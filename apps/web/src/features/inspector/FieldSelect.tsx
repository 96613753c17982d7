import { fieldWords, type ColumnType } from '@segflow/engine';
import { useState } from 'react';
import { FIELD_GROUPS, TYPE_SIGN, type FieldGroup } from './field-groups.ts';

export interface ColumnOption {
  name: string;
  type: ColumnType;
  /** Where the column comes from; columns with a group are listed under it. */
  group?: FieldGroup;
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

/** "Aa last order channel": the type's sign, then the name in words (the value stays the column's name). */
const optionText = (c: ColumnOption) => {
  const words = fieldWords(c.name);
  return `${TYPE_SIGN[c.type] ?? ''} ${words}${words !== c.name ? ` (${c.name})` : ''}`;
};

/** Above this many columns a search box narrows the list. */
export const SEARCH_FROM = 12;

const matches = (c: ColumnOption, query: string) => {
  const q = query.trim().toLowerCase();
  return !q || c.name.toLowerCase().includes(q) || fieldWords(c.name).toLowerCase().includes(q);
};

/**
 * Picks a column among those that exist at this point of the graph, grouped by
 * where it comes from (profile, computed, from lookup). Long lists get a search
 * box; in any list typing a name jumps to it.
 * A value that is no longer there stays visible, marked, so nothing changes
 * behind the user's back.
 */
export function FieldSelect({ columns, value, onChange, label, types, emptyLabel, className }: Props) {
  const [query, setQuery] = useState('');
  const typed = types ? columns.filter((c) => types.includes(c.type)) : columns;
  const missing = !!value && !typed.some((c) => c.name === value);
  // The chosen column stays listed whatever the search, so the select never shows another one.
  const offered = typed.filter((c) => c.name === value || matches(c, query));
  const grouped = offered.some((c) => c.group);
  const option = (c: ColumnOption) => (
    <option key={c.name} value={c.name}>
      {optionText(c)}
    </option>
  );
  const select = (
    <select
      className={`select ${className ?? ''}`}
      aria-label={label}
      value={value ?? ''}
      aria-invalid={missing || undefined}
      onChange={(e) => onChange(e.target.value)}
    >
      {(emptyLabel !== undefined || !value) && <option value="">{emptyLabel ?? 'Choose a column…'}</option>}
      {missing && <option value={value}>{value} (not available here)</option>}
      {grouped
        ? FIELD_GROUPS.map((g) => {
            const inGroup = offered.filter((c) => (c.group ?? 'Profile') === g);
            return inGroup.length ? <optgroup key={g} label={g}>{inGroup.map(option)}</optgroup> : null;
          })
        : offered.map(option)}
    </select>
  );
  if (typed.length <= SEARCH_FROM) return select;
  return (
    <span className="field-search">
      <input className="input" type="search" aria-label={`Search ${label.toLowerCase()}`} placeholder="Search…" value={query} onChange={(e) => setQuery(e.target.value)} />
      {select}
    </span>
  );
}
