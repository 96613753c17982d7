import { findColumn, isNumeric, isTemporal, type ColumnType, type Schema } from '../model/column.ts';
import { error, type Problem } from '../model/problem.ts';
import { conditionRules, type ConditionRule, type Operator } from './condition.ts';

const STRING_OPERATORS: Operator[] = ['contains', 'doesNotContain', 'beginsWith', 'endsWith'];
const ORDER_OPERATORS: Operator[] = ['<', '<=', '>', '>=', 'between', 'notBetween'];
const LIST_OPERATORS: Operator[] = ['in', 'notIn'];
const RANGE_OPERATORS: Operator[] = ['between', 'notBetween'];
const DAY_OPERATORS: Operator[] = ['withinLastDays', 'notWithinLastDays'];
const NO_VALUE_OPERATORS: Operator[] = ['null', 'notNull'];

/** The operators that make sense for a column type: the rule builder offers only these. */
export function operatorsFor(type: ColumnType): Operator[] {
  const base: Operator[] = ['=', '!=', 'in', 'notIn', 'null', 'notNull'];
  if (type === 'boolean') return ['=', '!=', 'null', 'notNull'];
  if (type === 'string') return [...base, ...STRING_OPERATORS, ...ORDER_OPERATORS];
  if (isTemporal(type)) return [...base, ...ORDER_OPERATORS, ...DAY_OPERATORS];
  return [...base, ...ORDER_OPERATORS];
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP_RE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

export function isValidDate(text: string): boolean {
  if (!DATE_RE.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/** Is `v` JSON of the column's type? No coercion: "5" is not an integer. */
export function valueHasType(v: unknown, type: ColumnType): boolean {
  switch (type) {
    case 'integer':
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'string':
      return typeof v === 'string';
    case 'date':
      return typeof v === 'string' && isValidDate(v);
    case 'timestamp':
      return typeof v === 'string' && TIMESTAMP_RE.test(v) && isValidDate(v.slice(0, 10));
  }
}

const describe = (type: ColumnType) =>
  ({ integer: 'a number', number: 'a number', boolean: 'true or false', string: 'a text', date: 'a date as YYYY-MM-DD', timestamp: 'an ISO 8601 timestamp' })[type];

/** The operator and value of a rule against the type of what it compares (a column, a behaviour's figure). */
export function checkRuleValue(rule: ConditionRule, type: ColumnType, at: { nodeId: string; field: string }): Problem[] {
  const { operator, value } = rule;
  const mismatch = (what: string) => [error('type_mismatch', `"${rule.field}" ${operator}: ${what}`, at)];
  if (NO_VALUE_OPERATORS.includes(operator)) return [];
  if (DAY_OPERATORS.includes(operator)) {
    if (!isTemporal(type)) return mismatch(`needs a date or timestamp column, "${rule.field}" is ${type}`);
    return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 100_000
      ? []
      : mismatch('the value must be a whole number of days');
  }
  if (STRING_OPERATORS.includes(operator) && type !== 'string') return mismatch(`needs a text column, "${rule.field}" is ${type}`);
  if (ORDER_OPERATORS.includes(operator) && type === 'boolean') return mismatch('true/false values have no order');
  if (LIST_OPERATORS.includes(operator)) {
    if (!Array.isArray(value) || value.length > 10_000) return mismatch('the value must be a list');
    return value.every((v) => valueHasType(v, type)) ? [] : mismatch(`every value in the list must be ${describe(type)}`);
  }
  if (RANGE_OPERATORS.includes(operator)) {
    if (!Array.isArray(value) || value.length !== 2) return mismatch('the value must be a pair [low, high]');
    return value.every((v) => valueHasType(v, type)) ? [] : mismatch(`both ends must be ${describe(type)}`);
  }
  return valueHasType(value, type) ? [] : mismatch(`the value must be ${describe(type)}`);
}

/**
 * Checks every rule against the columns available at the node: the field must
 * exist (`unknown_field`) and the operator and value must suit its type
 * (`type_mismatch`).
 */
export function checkCondition(condition: Parameters<typeof conditionRules>[0], schema: Schema, nodeId: string): Problem[] {
  return conditionRules(condition).flatMap((rule) => {
    const column = findColumn(schema, rule.field);
    const at = { nodeId, field: rule.field };
    if (!column) return [error('unknown_field', `No column "${rule.field}" reaches this node.`, at)];
    return checkRuleValue(rule, column.type, at);
  });
}

export { isNumeric };
