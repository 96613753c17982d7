/**
 * The formula language of the `compute` node: a hand-written parser, a type
 * checker over the input schema and a compiler to SQL with quoted identifiers
 * and bound values. Nothing is ever evaluated as JavaScript.
 *
 * @example
 *   const analysis = analyzeFormula('round(revenue / orders, 2)', schema, 'n1');
 *   if (analysis.compile) {
 *     const expr = analysis.compile({ asOf: sql`DATE '2024-06-01'` });
 *   }
 */
import type { ColumnType, Schema } from '../model/column.ts';
import { error, hasErrors, type Problem } from '../model/problem.ts';
import type { Sql } from '../sql/sql.ts';
import { checkFormula } from './check.ts';
import { compileFormula } from './compile.ts';
import type { CompileContext } from './functions.ts';
import { MAX_FORMULA_LENGTH, parseFormula, type ParseResult } from './parse.ts';
import type { FormulaNode } from './ast.ts';
import { RecentValues } from '../cache/recent-values.ts';

export type { FormulaNode } from './ast.ts';
export { parseFormula } from './parse.ts';

export interface FormulaAnalysis {
  /** Result type, absent when there are errors. */
  type?: ColumnType;
  /** Each with `nodeId` set, and `position` (character offset in the formula) where relevant. */
  problems: Problem[];
  /** Present only when there are no error problems. asOf is an SQL fragment of type DATE. */
  compile?: (ctx: CompileContext) => Sql;
  /** Column names the formula reads (for dependency display). */
  columns: string[];
}

/**
 * Parse results by formula text, the most recent ones. A document is validated
 * again after every edit with the same formulas, and the tree is never changed
 * after parsing, so one parse serves them all.
 */
const parses = new RecentValues<string, ParseResult>(5000);

function parseOnce(text: string): ParseResult {
  // A text over the limit fails at once, and must not hold the cache's memory.
  if (text.length > MAX_FORMULA_LENGTH) return parseFormula(text);
  let parsed = parses.get(text);
  if (!parsed) parses.set(text, (parsed = parseFormula(text)));
  return parsed;
}

/** The columns a formula reads, from its text alone; undefined when it does not parse. */
export function formulaColumns(text: string): string[] | undefined {
  const parsed = parseOnce(text);
  if (!parsed.ok) return undefined;
  const names: string[] = [];
  const visit = (node: FormulaNode): void => {
    if (node.kind === 'column') names.push(node.name);
    else if (node.kind === 'negate' || node.kind === 'not') visit(node.operand);
    else if (node.kind === 'binary') [node.left, node.right].forEach(visit);
    else if (node.kind === 'call') node.args.forEach(visit);
  };
  visit(parsed.ast);
  return names;
}

export function analyzeFormula(text: string, schema: Schema, nodeId: string): FormulaAnalysis {
  const parsed = parseOnce(text);
  if (!parsed.ok) {
    return { problems: [error('invalid_config', parsed.message, { nodeId, position: parsed.position })], columns: [] };
  }
  const { ast } = parsed;
  const checked = checkFormula(ast, schema, nodeId);
  const { problems, columns, nullTypes } = checked;
  if (hasErrors(problems)) return { problems, columns };
  return { type: checked.type, problems, columns, compile: (ctx) => compileFormula(ast, nullTypes, ctx) };
}
