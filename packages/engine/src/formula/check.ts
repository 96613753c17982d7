import { findColumn, type ColumnType, type Schema } from '../model/column.ts';
import { error, type Problem, type ProblemCode } from '../model/problem.ts';
import { isArithmetic, isLogical, type FormulaNode } from './ast.ts';
import { findFunction, paramAt } from './functions.ts';
import { accepts, commonType, comparable, NEEDS, NULL_AS, typeInWords, type FormulaType } from './typing.ts';

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
  const checker = new Checker(schema, nodeId);
  const type = checker.typeOf(ast);
  if (type === 'null') checker.report('invalid_config', 'The formula is always empty (null), so it has no type', ast.start);
  return { type: type === 'null' ? undefined : type, problems: checker.problems, nullTypes: checker.nullTypes, columns: [...checker.columns] };
}

/**
 * One formula's check, walking the tree once. A class, not closures made per
 * formula: validation checks every compute node of every document, and the
 * server's runtime names each closure as it is made.
 */
class Checker {
  readonly problems: Problem[] = [];
  readonly nullTypes = new Map<FormulaNode, ColumnType>();
  readonly columns = new Set<string>();

  constructor(
    private readonly schema: Schema,
    private readonly nodeId: string,
  ) {}

  report(code: ProblemCode, message: string, position: number, field?: string): void {
    const { nodeId } = this;
    this.problems.push(error(code, message, field === undefined ? { nodeId, position } : { nodeId, field, position }));
  }

  private settle(node: FormulaNode, type: FormulaType, as: FormulaType): void {
    if (type === 'null' && as !== undefined && as !== 'null') this.nullTypes.set(node, as);
  }

  /** Types `node` and reports it when it is not of `kind`; a null passes (the caller settles it). */
  private expect(node: FormulaNode, kind: keyof typeof NEEDS, who: string): FormulaType {
    const type = this.typeOf(node);
    if (type === undefined || type === 'null' || accepts(kind, type)) return type;
    this.report('type_mismatch', `\`${who}\` needs ${NEEDS[kind]}, not ${typeInWords(type)}`, node.start);
    return undefined;
  }

  /** The type the `same` arguments of a call share; reports the first that does not fit. */
  private sharedType(args: FormulaNode[], types: FormulaType[], who: string): FormulaType {
    let shared: ColumnType | 'null' = 'null';
    for (let i = 0; i < types.length; i++) {
      const type = types[i];
      if (type === undefined) return undefined;
      if (type === 'null') continue;
      const common: ColumnType | undefined = shared === 'null' ? type : commonType(shared, type);
      if (!common) {
        this.report('type_mismatch', `\`${who}\` needs values of one type, not ${typeInWords(shared)} and ${typeInWords(type)}`, args[i].start);
        return undefined;
      }
      shared = common;
    }
    return shared;
  }

  private columnType(node: FormulaNode & { kind: 'column' }): FormulaType {
    this.columns.add(node.name);
    const column = findColumn(this.schema, node.name);
    if (column) return column.type;
    const lower = node.name.toLowerCase();
    const near = this.schema.columns.find((c) => c.name.toLowerCase() === lower);
    const hint = near ? ` (did you mean \`${near.name}\`?)` : node.quoted ? ` (for the text ${node.name}, use single quotes: '${node.name}')` : '';
    this.report('unknown_field', `There is no column \`${node.name}\`${hint}`, node.start, node.name);
    return undefined;
  }

  private binaryType(node: FormulaNode & { kind: 'binary' }): FormulaType {
    const { op, left, right } = node;
    if (isLogical(op)) {
      this.settle(left, this.expect(left, 'boolean', op), 'boolean');
      this.settle(right, this.expect(right, 'boolean', op), 'boolean');
      return 'boolean';
    }
    if (isArithmetic(op)) {
      const l = this.expect(left, 'numeric', op);
      const r = this.expect(right, 'numeric', op);
      if (l === undefined || r === undefined) return undefined;
      // A null side takes the other side's type, so `null + 1` stays an integer in SQL too.
      const type = op === '/' ? 'number' : l === 'null' ? r : r === 'null' ? l : commonType(l, r);
      this.settle(left, l, type);
      this.settle(right, r, type);
      return type;
    }
    const l = this.typeOf(left);
    const r = this.typeOf(right);
    if (l === undefined || r === undefined) return 'boolean';
    if (l !== 'null' && r !== 'null' && !comparable(l, r)) {
      this.report('type_mismatch', `Cannot compare ${typeInWords(l)} with ${typeInWords(r)}`, node.opStart);
    }
    this.settle(left, l, r);
    this.settle(right, r, l);
    return 'boolean';
  }

  private callType(node: FormulaNode & { kind: 'call' }): FormulaType {
    // The parser only makes calls of known functions with a fitting number of arguments.
    const fn = findFunction(node.name)!;
    const who = node.name;
    const types: FormulaType[] = [];
    const sameArgs: FormulaNode[] = [];
    const sameTypes: FormulaType[] = [];
    for (let i = 0; i < node.args.length; i++) {
      const arg = node.args[i];
      const kind = paramAt(fn, i)!;
      if (kind === 'same') {
        const type = this.typeOf(arg);
        sameArgs.push(arg);
        sameTypes.push(type);
        types.push(type);
      } else if (kind === 'digits') {
        const digits = roundDigits(arg);
        if (digits === undefined || Math.abs(digits) > MAX_DIGITS) {
          this.report('invalid_config', `\`${who}\` needs a whole number of digits, like round(price, 2)`, arg.start);
        }
        types.push('integer');
      } else {
        const type = this.expect(arg, kind, who);
        this.settle(arg, type, NULL_AS[kind]);
        types.push(type);
      }
    }
    const shared = this.sharedType(sameArgs, sameTypes, who);
    for (let i = 0; i < sameArgs.length; i++) this.settle(sameArgs[i], sameTypes[i], shared);
    if (fn.returns === 'same') return shared;
    if (fn.returns === 'first') return types[0];
    return fn.returns;
  }

  typeOf(node: FormulaNode): FormulaType {
    switch (node.kind) {
      case 'number':
        return node.integer ? 'integer' : 'number';
      case 'string':
      case 'boolean':
      case 'null':
        return node.kind;
      case 'column':
        return this.columnType(node);
      case 'negate':
        return this.expect(node.operand, 'numeric', '-');
      case 'not':
        this.settle(node.operand, this.expect(node.operand, 'boolean', 'not'), 'boolean');
        return 'boolean';
      case 'binary':
        return this.binaryType(node);
      case 'call':
        return this.callType(node);
    }
  }
}
