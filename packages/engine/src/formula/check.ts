import { findColumn, type ColumnType, type Schema } from '../model/column.ts';
import { error, type Problem, type ProblemCode } from '../model/problem.ts';
import { isArithmetic, isLogical, type FormulaNode } from './ast.ts';
import { findFunction, paramAt } from './functions.ts';
import { accepts, commonType, comparable, NEEDS, NULL_AS, type FormulaType } from './typing.ts';

export interface CheckedFormula {
  /** Result type; absent when it is unknown (after a problem) or always null. */
  type?: ColumnType;
  problems: Problem[];
  /**
   * Parts that are always null, with the type they stand for. They compile to a
   * typed NULL: DuckDB cannot choose between `year(DATE)` and `year(TIMESTAMP)` for a bare NULL.
   */
  nullTypes: Map<FormulaNode, ColumnType>;
  /** Columns read, in order of first use. */
  columns: string[];
}

/** `round` digits must be a whole-number literal, e.g. `2` or `-1`; returns it, or undefined. */
export function roundDigits(node: FormulaNode): number | undefined {
  if (node.kind === 'number' && node.integer) return node.value;
  if (node.kind === 'negate' && node.operand.kind === 'number' && node.operand.integer) return -node.operand.value;
  return undefined;
}

const MAX_DIGITS = 20;

/** Types a parsed formula against the input schema. Every problem carries `nodeId` and a position. */
export function checkFormula(ast: FormulaNode, schema: Schema, nodeId: string): CheckedFormula {
  const problems: Problem[] = [];
  const nullTypes = new Map<FormulaNode, ColumnType>();
  const columns = new Set<string>();

  const report = (code: ProblemCode, message: string, position: number, field?: string) =>
    problems.push(error(code, message, field === undefined ? { nodeId, position } : { nodeId, field, position }));

  const settle = (node: FormulaNode, type: FormulaType, as: FormulaType) => {
    if (type === 'null' && as !== undefined && as !== 'null') nullTypes.set(node, as);
  };

  /** Types `node` and reports it when it is not of `kind`; a null passes (the caller settles it). */
  const expect = (node: FormulaNode, kind: keyof typeof NEEDS, who: string): FormulaType => {
    const type = typeOf(node);
    if (type === undefined || type === 'null' || accepts(kind, type)) return type;
    report('type_mismatch', `\`${who}\` needs ${NEEDS[kind]}, got ${type}`, node.start);
    return undefined;
  };

  /** The type the `same` arguments of a call share; reports the first that does not fit. */
  const sharedType = (args: FormulaNode[], types: FormulaType[], who: string): FormulaType => {
    let shared: ColumnType | 'null' = 'null';
    for (const [i, type] of types.entries()) {
      if (type === undefined) return undefined;
      if (type === 'null') continue;
      const common: ColumnType | undefined = shared === 'null' ? type : commonType(shared, type);
      if (!common) {
        report('type_mismatch', `\`${who}\` needs values of one type, got ${shared} and ${type}`, args[i].start);
        return undefined;
      }
      shared = common;
    }
    return shared;
  };

  const columnType = (node: FormulaNode & { kind: 'column' }): FormulaType => {
    columns.add(node.name);
    const column = findColumn(schema, node.name);
    if (column) return column.type;
    const near = schema.columns.find((c) => c.name.toLowerCase() === node.name.toLowerCase());
    const hint = near ? ` (did you mean \`${near.name}\`?)` : '';
    report('unknown_field', `There is no column \`${node.name}\`${hint}`, node.start, node.name);
    return undefined;
  };

  const binaryType = (node: FormulaNode & { kind: 'binary' }): FormulaType => {
    const { op, left, right } = node;
    if (isLogical(op)) {
      for (const side of [left, right]) settle(side, expect(side, 'boolean', op), 'boolean');
      return 'boolean';
    }
    if (isArithmetic(op)) {
      const l = expect(left, 'numeric', op);
      const r = expect(right, 'numeric', op);
      if (l === undefined || r === undefined) return undefined;
      // A null side takes the other side's type, so `null + 1` stays an integer in SQL too.
      const type = op === '/' ? 'number' : l === 'null' ? r : r === 'null' ? l : commonType(l, r);
      settle(left, l, type);
      settle(right, r, type);
      return type;
    }
    const l = typeOf(left);
    const r = typeOf(right);
    if (l === undefined || r === undefined) return 'boolean';
    if (l !== 'null' && r !== 'null' && !comparable(l, r)) {
      report('type_mismatch', `Cannot compare ${l} with ${r}`, node.opStart);
    }
    settle(left, l, r);
    settle(right, r, l);
    return 'boolean';
  };

  const callType = (node: FormulaNode & { kind: 'call' }): FormulaType => {
    // The parser only makes calls of known functions with a fitting number of arguments.
    const fn = findFunction(node.name)!;
    const who = node.name;
    const types: FormulaType[] = [];
    const same: number[] = [];
    node.args.forEach((arg, i) => {
      const kind = paramAt(fn, i)!;
      if (kind === 'same') {
        same.push(i);
        types.push(typeOf(arg));
      } else if (kind === 'digits') {
        const digits = roundDigits(arg);
        if (digits === undefined || Math.abs(digits) > MAX_DIGITS) {
          report('invalid_config', `\`${who}\` needs a whole number of digits, like round(price, 2)`, arg.start);
        }
        types.push('integer');
      } else {
        const type = expect(arg, kind, who);
        settle(arg, type, NULL_AS[kind]);
        types.push(type);
      }
    });
    const shared = sharedType(same.map((i) => node.args[i]), same.map((i) => types[i]), who);
    for (const i of same) settle(node.args[i], types[i], shared);
    if (fn.returns === 'same') return shared;
    if (fn.returns === 'first') return types[0];
    return fn.returns;
  };

  function typeOf(node: FormulaNode): FormulaType {
    switch (node.kind) {
      case 'number':
        return node.integer ? 'integer' : 'number';
      case 'string':
      case 'boolean':
      case 'null':
        return node.kind;
      case 'column':
        return columnType(node);
      case 'negate':
        return expect(node.operand, 'numeric', '-');
      case 'not':
        settle(node.operand, expect(node.operand, 'boolean', 'not'), 'boolean');
        return 'boolean';
      case 'binary':
        return binaryType(node);
      case 'call':
        return callType(node);
    }
  }

  const type = typeOf(ast);
  if (type === 'null') report('invalid_config', 'The formula is always empty (null), so it has no type', ast.start);
  return { type: type === 'null' ? undefined : type, problems, nullTypes, columns: [...columns] };
}
