import type { ColumnType, Schema } from '@segflow/engine';
import type { ColumnOption } from './FieldSelect.tsx';

/** Where a column comes from, as the field picker groups it. */
export type FieldGroup = 'Profile' | 'Computed' | 'From lookup' | 'Events';

export const FIELD_GROUPS: readonly FieldGroup[] = ['Profile', 'Computed', 'From lookup', 'Events'];

/** A column made by a source is a profile field; by a lookup, looked up; by any other step, computed. */
export function fieldGroup(originKind: string | undefined): FieldGroup {
  if (originKind === 'source') return 'Profile';
  if (originKind === 'events') return 'Events';
  if (originKind === 'lookup') return 'From lookup';
  return 'Computed';
}

/** The columns of a schema with their group, read from the kind of the step that made each. */
export const groupedColumnsOf = (schema: Schema | undefined, kindOf: (nodeId: string) => string | undefined): ColumnOption[] =>
  schema?.columns.map((c) => ({ name: c.name, type: c.type, group: fieldGroup(kindOf(c.origin)) })) ?? [];

/** A short sign of a column's type, readable in a native select where icons cannot go. */
export const TYPE_SIGN: Record<ColumnType, string> = { string: 'Aa', integer: '#', number: '#.#', boolean: '✓', date: '📅', timestamp: '🕒' };
