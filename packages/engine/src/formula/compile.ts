import type { ColumnType } from '../model/column.ts';
import { ident, raw, sql, value, type Sql } from '../sql/sql.ts';
import type { BinaryOp, FormulaNode } from './ast.ts';
import { roundDigits } from './check.ts';
import { dialectOf, findFunction, type CompileContext } from './functions.ts';

const SQL_OPERATORS: Record<BinaryOp, string> = {
  '+': '+',
  '-': '-',
  '*': '*',
  '/': '/',
  '=': '=',
  '!=': '<>',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  and: 'AND',
  or: 'OR',
};

/**
 * Compiles a checked formula to one SQL expression. User text reaches the SQL
 * only as quoted identifiers and bound values; every operation is parenthesized,
 * so SQL precedence never differs from the formula's.
 */
export function compileFormula(ast: FormulaNode, nullTypes: Map<FormulaNode, ColumnType>, ctx: CompileContext): Sql {
  const dialect = dialectOf(ctx);
  const type = (t: ColumnType) => raw(dialect.type(t));
  // Literals are bound with an explicit type: a bare `$1` holding 2 would let DuckDB guess.
  const typed = (v: string | number | boolean, t: ColumnType) => sql`CAST(${value(v)} AS ${type(t)})`;

  const compile = (node: FormulaNode): Sql => {
    const nullType = nullTypes.get(node);
    if (nullType) return sql`CAST(NULL AS ${type(nullType)})`;
    switch (node.kind) {
      case 'number':
        return typed(node.value, node.integer ? 'integer' : 'number');
      case 'string':
        return typed(node.value, 'string');
      case 'boolean':
        return typed(node.value, 'boolean');
      case 'null':
        return raw('NULL');
      case 'column':
        return ident(node.name);
      // The space keeps `- -1` from becoming `--`, an SQL comment.
      case 'negate':
        return sql`(- ${compile(node.operand)})`;
      case 'not':
        return sql`(NOT ${compile(node.operand)})`;
      case 'binary':
        return compileBinary(node.op, compile(node.left), compile(node.right), type('number'));
      case 'call': {
        const fn = findFunction(node.name)!;
        const args = node.args.map((arg, i) =>
          fn.params[i] === 'digits' ? value(roundDigits(arg)!) : compile(arg),
        );
        return fn.toSql(args, ctx);
      }
    }
  };
  return compile(ast);
}

function compileBinary(op: BinaryOp, left: Sql, right: Sql, double: Sql): Sql {
  // A double so 7 / 2 is 3.5, not 3; NULLIF so dividing by zero gives null instead of failing.
  if (op === '/') return sql`(CAST(${left} AS ${double}) / NULLIF(${right}, 0))`;
  return sql`(${left} ${raw(SQL_OPERATORS[op])} ${right})`;
}
