import { operatorsFor, valueKind, type ColumnType, type Condition, type ConditionGroup, type ConditionRule, type Operator } from '@segflow/engine';

export interface FieldOption {
  name: string;
  type: ColumnType;
}

// Operator words live with the operators in the engine: the cards' summaries use them too.
export { operatorLabel, valueKind, type ValueKind } from '@segflow/engine';

/** A blank value of the right shape for the operator and type (null where the user must fill in). */
export function defaultValue(type: ColumnType, operator: Operator): unknown {
  switch (valueKind(operator)) {
    case 'none':
      return undefined;
    case 'list':
      return [];
    case 'range':
      return [null, null];
    case 'days':
      return 30;
    case 'single':
      if (type === 'boolean') return true;
      if (type === 'string') return '';
      return null;
  }
}

/**
 * Carries a value across an operator change when the shapes allow: 5 → [5] for
 * "is one of", [5, 9] → 5 for "is". Otherwise a blank of the new shape.
 */
export function convertValue(value: unknown, type: ColumnType, from: Operator, to: Operator): unknown {
  const a = valueKind(from);
  const b = valueKind(to);
  if (a === b) return value;
  const first = Array.isArray(value) ? value[0] : value;
  const usable = first !== undefined && first !== null && first !== '';
  if (b === 'single' && usable && a !== 'days') return first;
  if (b === 'list' && usable && a !== 'days') return [first];
  if (b === 'range' && usable && a !== 'days') return [first, null];
  return defaultValue(type, to);
}

let counter = 0;
/** Ids keep React's keys stable while rules move; react-querybuilder's format allows them. */
export const newId = () => `r${Date.now().toString(36)}${(counter++).toString(36)}`;

export function newRule(fields: readonly FieldOption[]): ConditionRule {
  const field = fields[0];
  if (!field) return { id: newId(), field: '', operator: '=', value: '' };
  const operator = operatorsFor(field.type)[0];
  return { id: newId(), field: field.name, operator, value: defaultValue(field.type, operator) };
}

export const newGroup = (fields: readonly FieldOption[]): ConditionGroup => ({ id: newId(), combinator: 'and', rules: [newRule(fields)] });

/** Picking another field keeps the operator if it still fits, and the value if the type is the same. */
export function changeField(rule: ConditionRule, name: string, fields: readonly FieldOption[]): ConditionRule {
  const next = fields.find((f) => f.name === name);
  if (!next) return { ...rule, field: name };
  const before = fields.find((f) => f.name === rule.field)?.type;
  const allowed = operatorsFor(next.type);
  const operator = allowed.includes(rule.operator) ? rule.operator : allowed[0];
  const value = before === next.type && operator === rule.operator ? rule.value : defaultValue(next.type, operator);
  return { ...rule, field: name, operator, value };
}

export function changeOperator(rule: ConditionRule, operator: Operator, type: ColumnType | undefined): ConditionRule {
  const value = convertValue(rule.value, type ?? 'string', rule.operator, operator);
  const next: ConditionRule = { ...rule, operator, value };
  if (value === undefined) delete next.value;
  return next;
}

/**
 * Text typed into a value box as JSON of the column's type. Numbers that do not
 * parse stay text, so validation names the mistake instead of it vanishing.
 */
export function parseValue(text: string, type: ColumnType): unknown {
  if (type === 'integer' || type === 'number') {
    const trimmed = text.trim();
    if (trimmed === '') return null;
    const n = Number(trimmed);
    return Number.isFinite(n) ? n : text;
  }
  if (type === 'boolean') return text === 'true' ? true : text === 'false' ? false : text;
  return text;
}

/**
 * The type a rule's value was written for, read from the value itself: what the
 * rule shows while its column is not available here (its step was deleted or
 * disconnected), so the value stays on screen and editable instead of vanishing.
 */
export function typeOfValue(value: unknown): ColumnType {
  const first = Array.isArray(value) ? value.find((v) => v !== null && v !== undefined) : value;
  if (typeof first === 'number') return Number.isInteger(first) ? 'integer' : 'number';
  if (typeof first === 'boolean') return 'boolean';
  if (typeof first === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(first)) return 'date';
  if (typeof first === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(first)) return 'timestamp';
  return 'string';
}

export const valueText = (value: unknown): string => (value === null || value === undefined ? '' : String(value));

/* Tree edits by path: [] is the root group, [2, 0] the first rule of the root's third item. */

export function updateAt(group: ConditionGroup, path: readonly number[], change: (c: Condition) => Condition | null): ConditionGroup {
  if (path.length === 0) return change(group) as ConditionGroup;
  const [head, ...rest] = path;
  const rules = group.rules.flatMap((child, i) => {
    if (i !== head) return [child];
    const next = rest.length === 0 ? change(child) : updateAt(child as ConditionGroup, rest, change);
    return next ? [next] : [];
  });
  return { ...group, rules };
}

export const removeAt = (root: ConditionGroup, path: readonly number[]) => updateAt(root, path, () => null);

export const appendAt = (root: ConditionGroup, path: readonly number[], item: Condition) =>
  updateAt(root, path, (g) => ({ ...(g as ConditionGroup), rules: [...(g as ConditionGroup).rules, item] }));
