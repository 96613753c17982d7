import { findColumn, isNumeric, isTemporal, type ColumnType, type Schema } from '../model/column.ts';
import { error, warning, type Problem } from '../model/problem.ts';
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
  ({ integer: 'a number', number: 'a number', boolean: 'true or false', string: 'a text', date: 'a date as YYYY-MM-DD', timestamp: 'a date and time (ISO 8601)' })[type];

const missing = (value: unknown) => value === undefined || value === null;

// At module level, not made per rule: the server runs through tsx, which names every closure as it is made.
const mismatch = (sentence: string, at: { nodeId: string; field: string }) => [error('type_mismatch', sentence, at)];

/**
 * The operator and value of a rule against the type of what it compares (a column,
 * a behaviour's figure), in sentences a marketer can act on: what to enter, or
 * which column or operator fits.
 */
export function checkRuleValue(rule: ConditionRule, type: ColumnType, at: { nodeId: string; field: string }): Problem[] {
  const { operator, value } = rule;
  const f = `"${rule.field}"`;
  if (NO_VALUE_OPERATORS.includes(operator)) return [];
  if (DAY_OPERATORS.includes(operator)) {
    if (!isTemporal(type)) return mismatch(`${f} is not a date, so it cannot be counted back in days: choose a date column or another comparison.`, at);
    return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 100_000
      ? []
      : mismatch(`Enter a whole number of days for the rule on ${f}.`, at);
  }
  if (STRING_OPERATORS.includes(operator) && type !== 'string') return mismatch(`${f} holds ${describe(type)}, and this comparison works on text only.`, at);
  if (ORDER_OPERATORS.includes(operator) && type === 'boolean') return mismatch(`${f} is true or false, which has no order: use "is" or "is not".`, at);
  if (LIST_OPERATORS.includes(operator)) {
    if (!Array.isArray(value)) return mismatch(`Enter a list of values for the rule on ${f}.`, at);
    if (value.length > 10_000) return mismatch(`The rule on ${f} lists more than 10,000 values.`, at);
    return value.every((v) => valueHasType(v, type)) ? [] : mismatch(`Every value listed for ${f} must be ${describe(type)}.`, at);
  }
  if (RANGE_OPERATORS.includes(operator)) {
    if (!Array.isArray(value) || value.length !== 2 || value.some(missing)) return mismatch(`Enter both ends of the range for the rule on ${f}.`, at);
    return value.every((v) => valueHasType(v, type)) ? [] : mismatch(`Both ends of the range for ${f} must be ${describe(type)}.`, at);
  }
  if (missing(value)) return mismatch(`Enter a value for the rule on ${f}.`, at);
  if (!valueHasType(value, type)) return mismatch(`The value for ${f} must be ${describe(type)}.`, at);
  // Equal to the empty text is almost always a value not typed yet; "is empty" says the other meaning.
  if (value === '' && (operator === '=' || operator === '!=')) return [warning('type_mismatch', `The rule on ${f} compares with an empty text: enter a value, or use "is empty".`, at)];
  return [];
}

/**
 * Checks every rule against the columns available at the node: the field must
 * exist (`unknown_field`) and the operator and value must suit its type
 * (`type_mismatch`).
 */
export function checkCondition(condition: Parameters<typeof conditionRules>[0], schema: Schema, nodeId: string): Problem[] {
  const problems: Problem[] = [];
  for (const rule of conditionRules(condition)) {
    const column = findColumn(schema, rule.field);
    const at = { nodeId, field: rule.field };
    if (!column) problems.push(error('unknown_field', `No step before this one makes a column "${rule.field}": choose another column, or add the step that makes it.`, at));
    else for (const problem of checkRuleValue(rule, column.type, at)) problems.push(problem);
  }
  return problems;
}

export { isNumeric };
