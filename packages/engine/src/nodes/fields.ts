import type { ColumnType } from '../model/column.ts';

/**
 * A kind's inspector settings as plain data (no UI code: the engine runs in
 * the browser and on the server alike). The web maps each widget name to a
 * control; the generic ones cover most settings, and the few genuinely
 * special ones (the rule builder, the formula editor, the dataset picker…)
 * are named here and written by hand there.
 */
export type FieldWidget =
  /** A line of text; `mono` for names the user types (column and segment names). */
  | 'text'
  | 'number'
  | 'checkbox'
  /** One of `options`. */
  | 'select'
  /** One column arriving on `port` (of `types`, when given). */
  | 'column'
  /** Several columns arriving on `port`, as a checklist. */
  | 'columns'
  // Hand-written in the web app:
  /** Rules on the columns arriving on `port` (the rule builder). */
  | 'rule-builder'
  /** Optional rules on the events (rule builder behind an "add" button). */
  | 'event-rules'
  | 'formula'
  /** An uploaded dataset or a table of a stored connection, its key (and time) column, duplicates and column types. */
  | 'dataset'
  /** The segment's name and where it is delivered. */
  | 'delivery'
  /** The columns the two inputs of a lookup are matched on. */
  | 'lookup-match'
  /** A sentence saying which inputs to connect. */
  | 'ports-hint'
  /** A split's groups: a name and a percent each, their live total, and an output per group. */
  | 'split-groups'
  /** A priority's audiences in order (the order of its incoming edges), to reorder. */
  | 'priority-order';

/** Shown only while the setting `key` holds one of `in` (or, with `set`, any value). */
export type VisibleWhen = { key: string; in: readonly unknown[] } | { key: string; set: true } | { any: readonly VisibleWhen[] };

export interface FieldOption {
  value: string;
  label: string;
  /** Help shown while this option is chosen (instead of the field's). */
  help?: string;
}

export interface FieldDescriptor {
  /** The setting's path in the config, dots for nested settings ("expect.min"). Absent for widgets that own no single setting. */
  key?: string;
  label: string;
  /** The control's accessible name when it differs from the label. */
  name?: string;
  help?: string;
  widget: FieldWidget;
  options?: readonly FieldOption[];
  /** The option meaning "no value" (the setting is removed), e.g. "everyone together". */
  emptyLabel?: string;
  /** For column widgets: the input port whose columns are offered (default `in`). */
  port?: string;
  /** For column widgets: only these column types; `typesWhen` narrows them by another setting's value. */
  types?: readonly ColumnType[];
  typesWhen?: { key: string; types: Record<string, readonly ColumnType[]> };
  visibleWhen?: VisibleWhen;
  /** The value the setting takes when the field appears (a hidden field's value is removed). */
  initial?: unknown;
  min?: number;
  placeholder?: string;
  mono?: boolean;
  /** For `columns`: a checkbox with this text first; unchecked, the setting is absent (meaning every column). */
  toggle?: string;
}

/** Reads a setting by its dotted path. */
export function settingAt(config: Record<string, unknown>, key: string): unknown {
  let value: unknown = config;
  for (const part of key.split('.')) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  return value;
}

export function isVisible(field: Pick<FieldDescriptor, 'visibleWhen'>, config: Record<string, unknown>): boolean {
  const when = field.visibleWhen;
  return when === undefined || holds(when, config);
}

function holds(when: VisibleWhen, config: Record<string, unknown>): boolean {
  if ('any' in when) return when.any.some((w) => holds(w, config));
  const value = settingAt(config, when.key);
  return 'set' in when ? value !== undefined && value !== null && value !== '' : when.in.includes(value);
}

/**
 * A config with `key` set to `value` (undefined removes it), then the fields
 * this hides cleared and those it shows given their initial value. Objects
 * left empty are removed, so the document never carries empty settings.
 */
export function withSetting(fields: readonly FieldDescriptor[], config: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  let next = setAt(config, key.split('.'), value);
  for (const field of fields) {
    if (!field.key || field.key === key) continue;
    const was = isVisible(field, config);
    const is = isVisible(field, next);
    if (was && !is) next = setAt(next, field.key.split('.'), undefined);
    if (!was && is && field.initial !== undefined && settingAt(next, field.key) === undefined) next = setAt(next, field.key.split('.'), field.initial);
  }
  return next;
}

function setAt(config: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = path;
  const child = config[head];
  const nested = rest.length ? setAt(child !== null && typeof child === 'object' && !Array.isArray(child) ? (child as Record<string, unknown>) : {}, rest, value) : value;
  const empty = nested === undefined || (rest.length > 0 && Object.keys(nested as object).length === 0);
  // In place, so a setting keeps its position in the document.
  const next = Object.fromEntries(Object.entries(config).filter(([k]) => k !== head || !empty).map(([k, v]) => [k, k === head ? nested : v]));
  if (!empty && !(head in config)) next[head] = nested;
  return next;
}
