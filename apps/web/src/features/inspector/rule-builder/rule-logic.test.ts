import { operatorsFor, type ConditionGroup } from '@segflow/engine';
import { describe, expect, it } from 'vitest';
import {
  appendAt, changeField, changeOperator, convertValue, defaultValue, newRule, operatorLabel, parseValue, removeAt, typeOfValue, updateAt, valueKind,
  type FieldOption,
} from './rule-logic.ts';

const fields: FieldOption[] = [
  { name: 'Income', type: 'number' },
  { name: 'Education', type: 'string' },
  { name: 'Joined', type: 'date' },
  { name: 'Opted', type: 'boolean' },
];

describe('value inputs suited to the operator', () => {
  it('maps operators to value kinds', () => {
    expect(valueKind('>=')).toBe('single');
    expect(valueKind('in')).toBe('list');
    expect(valueKind('notBetween')).toBe('range');
    expect(valueKind('withinLastDays')).toBe('days');
    expect(valueKind('notNull')).toBe('none');
  });

  it('starts each kind with a blank of the right shape', () => {
    expect(defaultValue('number', 'between')).toEqual([null, null]);
    expect(defaultValue('string', 'in')).toEqual([]);
    expect(defaultValue('boolean', '=')).toBe(true);
    expect(defaultValue('date', 'withinLastDays')).toBe(30);
    expect(defaultValue('date', 'null')).toBeUndefined();
  });

  it('carries a value across operators when it can', () => {
    expect(convertValue(5, 'number', '=', 'in')).toEqual([5]);
    expect(convertValue(['PhD', 'Master'], 'string', 'in', '=')).toBe('PhD');
    expect(convertValue(5, 'number', '>', 'between')).toEqual([5, null]);
    expect(convertValue(30, 'date', 'withinLastDays', '>')).toBeNull();
    expect(convertValue(7, 'number', '<', '>=')).toBe(7);
  });

  it('reads typed text as JSON of the column type, keeping bad numbers visible', () => {
    expect(parseValue('50000', 'integer')).toBe(50000);
    expect(parseValue(' 1.5 ', 'number')).toBe(1.5);
    expect(parseValue('', 'number')).toBeNull();
    expect(parseValue('50k', 'number')).toBe('50k');
    expect(parseValue('false', 'boolean')).toBe(false);
    expect(parseValue('2024-01-31', 'date')).toBe('2024-01-31');
  });

  it('words operators for people, dates as before/after', () => {
    expect(operatorLabel('>=', 'number')).toBe('is at least');
    expect(operatorLabel('<', 'date')).toBe('before');
    expect(operatorLabel('withinLastDays', 'timestamp')).toBe('in the last');
  });
});

describe('field and operator changes', () => {
  it('a new rule uses the first field and its first operator', () => {
    expect(newRule(fields)).toMatchObject({ field: 'Income', operator: '=', value: null });
  });

  it('keeps operator and value when the new field has the same type', () => {
    const rule = { field: 'Income', operator: '>=' as const, value: 5 };
    expect(changeField(rule, 'Income', fields)).toEqual(rule);
  });

  it('switches to an operator the new field allows and resets the value', () => {
    const rule = { field: 'Education', operator: 'contains' as const, value: 'Ph' };
    const changed = changeField(rule, 'Opted', fields);
    expect(operatorsFor('boolean')).toContain(changed.operator);
    expect(changed).toEqual({ field: 'Opted', operator: '=', value: true });
  });

  it('keeps a valid operator when the type changes but resets the value', () => {
    expect(changeField({ field: 'Income', operator: '>', value: 5 }, 'Joined', fields)).toEqual({ field: 'Joined', operator: '>', value: null });
  });

  it('drops the value for operators that take none', () => {
    expect(changeOperator({ field: 'Income', operator: '>', value: 5 }, 'null', 'number')).toEqual({ field: 'Income', operator: 'null' });
  });
});

describe('nested groups', () => {
  const tree: ConditionGroup = {
    combinator: 'and',
    rules: [
      { field: 'Income', operator: '>=', value: 50000 },
      { combinator: 'or', rules: [{ field: 'Education', operator: '=', value: 'PhD' }] },
    ],
  };

  it('adds, updates and removes by path without touching the rest', () => {
    const added = appendAt(tree, [1], { field: 'Education', operator: '=', value: 'Master' });
    expect((added.rules[1] as ConditionGroup).rules).toHaveLength(2);
    expect(added.rules[0]).toBe(tree.rules[0]);
    const flipped = updateAt(added, [1], (g) => ({ ...(g as ConditionGroup), combinator: 'and', not: true }));
    expect(flipped.rules[1]).toMatchObject({ combinator: 'and', not: true });
    const removed = removeAt(flipped, [1, 0]);
    expect((removed.rules[1] as ConditionGroup).rules).toEqual([{ field: 'Education', operator: '=', value: 'Master' }]);
    expect(removeAt(removed, [0]).rules).toHaveLength(1);
  });
});

describe('the type of a value whose column is not available', () => {
  it('reads numbers, yes/no, dates and text from the value, lists by their first item', () => {
    expect(typeOfValue(60)).toBe('integer');
    expect(typeOfValue(0.1)).toBe('number');
    expect(typeOfValue(true)).toBe('boolean');
    expect(typeOfValue('2025-12-31')).toBe('date');
    expect(typeOfValue('2025-12-31T06:00')).toBe('timestamp');
    expect(typeOfValue(['gold', 'platinum'])).toBe('string');
    expect(typeOfValue([null, 5])).toBe('integer');
    expect(typeOfValue(null)).toBe('string');
  });
});
