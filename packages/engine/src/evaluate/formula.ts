import type { FormulaNode } from '../formula/ast.ts';
import { roundDigits } from '../formula/check.ts';
import { parseFormula } from '../formula/parse.ts';
import type { EvaluateEnv } from './types.ts';
import { dayOf, type Row, type Value } from './values.ts';

/** A formula compiled once into a closure over one row. */
export type RowFormula = (row: Row, env: EvaluateEnv) => Value;

/** DuckDB's round of a DOUBLE: half away from zero at `digits` places (negative digits round left of the point). */
export function roundLikeDuckDb(x: number, digits: number): number {
  if (digits < 0) {
    const m = 10 ** -digits;
    const r = Math.sign(x) * Math.round(Math.abs(x) / m) * m;
    return Number.isFinite(r) ? r : 0;
  }
  const m = 10 ** digits;
  const r = (Math.sign(x) * Math.round(Math.abs(x) * m)) / m;
  return Number.isFinite(r) ? r : x;
}

type Fn = (args: RowFormula[], node: FormulaNode & { kind: 'call' }) => RowFormula;

/** Each argument's value, null when any is null: what most SQL functions do. */
const strict1 = (f: (x: Value, env: EvaluateEnv) => Value): Fn => ([a]) => (row, env) => {
  const x = a(row, env);
  return x === null ? null : f(x, env);
};

/** least/greatest skip nulls (DuckDB), and are null only when every argument is. */
const pick = (better: (a: Value, b: Value) => boolean): Fn => (args) => (row, env) => {
  let best: Value = null;
  for (const a of args) {
    const v = a(row, env);
    if (v !== null && (best === null || better(v, best))) best = v;
  }
  return best;
};

const FUNCTIONS: Record<string, Fn> = {
  coalesce: (args) => (row, env) => {
    for (const a of args) { const v = a(row, env); if (v !== null) return v; }
    return null;
  },
  least: pick((a, b) => a! < b!),
  greatest: pick((a, b) => a! > b!),
  round: (args, node) => {
    const digits = node.args[1] ? roundDigits(node.args[1]) ?? 0 : 0;
    return strict1((x) => roundLikeDuckDb(x as number, digits))(args, node);
  },
  abs: strict1((x) => Math.abs(x as number)),
  lower: strict1((x) => (x as string).toLowerCase()),
  upper: strict1((x) => (x as string).toUpperCase()),
  length: strict1((x) => [...(x as string)].length),
  year: strict1((x) => new Date(x as number).getUTCFullYear()),
  days_since: strict1((x, env) => env.asOfDay - dayOf(x as number)),
  if: ([cond, then, otherwise]) => (row, env) => (cond(row, env) === true ? then(row, env) : otherwise(row, env)),
};

function binary(op: string, l: RowFormula, r: RowFormula): RowFormula {
  // SQL's three-valued logic: false wins an AND, true wins an OR, otherwise null is unknown.
  if (op === 'and') return (row, env) => {
    const a = l(row, env); const b = r(row, env);
    return a === false || b === false ? false : a === null || b === null ? null : true;
  };
  if (op === 'or') return (row, env) => {
    const a = l(row, env); const b = r(row, env);
    return a === true || b === true ? true : a === null || b === null ? null : false;
  };
  const both = (f: (a: Value, b: Value) => Value): RowFormula => (row, env) => {
    const a = l(row, env);
    if (a === null) return null;
    const b = r(row, env);
    return b === null ? null : f(a, b);
  };
  switch (op) {
    case '+': return both((a, b) => (a as number) + (b as number));
    case '-': return both((a, b) => (a as number) - (b as number));
    case '*': return both((a, b) => (a as number) * (b as number));
    case '/': return both((a, b) => ((b as number) === 0 ? null : (a as number) / (b as number)));
    case '=': return both((a, b) => a === b);
    case '!=': return both((a, b) => a !== b);
    case '<': return both((a, b) => a! < b!);
    case '<=': return both((a, b) => a! <= b!);
    case '>': return both((a, b) => a! > b!);
    default: return both((a, b) => a! >= b!);
  }
}

function compileNode(node: FormulaNode): RowFormula {
  switch (node.kind) {
    case 'number': case 'string': case 'boolean': { const v = node.value; return () => v; }
    case 'null': return () => null;
    case 'column': { const name = node.name; return (row) => row[name] ?? null; }
    case 'negate': { const a = compileNode(node.operand); return (row, env) => { const v = a(row, env); return v === null ? null : -(v as number); }; }
    case 'not': { const a = compileNode(node.operand); return (row, env) => { const v = a(row, env); return v === null ? null : !v; }; }
    case 'binary': return binary(node.op, compileNode(node.left), compileNode(node.right));
    case 'call': return FUNCTIONS[node.name.toLowerCase()](node.args.map(compileNode), node);
  }
}

/**
 * Compiles a checked formula into a closure with the SQL's meaning (nulls,
 * division by zero, DuckDB's rounding, days counted between UTC dates). The
 * text is parsed into a tree and walked once: nothing is evaluated as code.
 */
export function compileRowFormula(text: string): RowFormula {
  const parsed = parseFormula(text);
  if (!parsed.ok) throw new Error(`formula does not parse: ${parsed.message}`);
  return compileNode(parsed.ast);
}
