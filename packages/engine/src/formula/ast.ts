/**
 * The formula tree. Every node keeps its character range in the formula text
 * (`start` inclusive, `end` exclusive) so problems can point at the exact spot.
 */
export type ArithmeticOp = '+' | '-' | '*' | '/';
export type ComparisonOp = '=' | '!=' | '<' | '<=' | '>' | '>=';
export type LogicalOp = 'and' | 'or';
export type BinaryOp = ArithmeticOp | ComparisonOp | LogicalOp;

interface Span {
  start: number;
  end: number;
}

export type FormulaNode =
  | (Span & { kind: 'number'; value: number; integer: boolean })
  | (Span & { kind: 'string'; value: string })
  | (Span & { kind: 'boolean'; value: boolean })
  | (Span & { kind: 'null' })
  /** `quoted`: written in double quotes ("Total Spend"), where a text value may have been meant. */
  | (Span & { kind: 'column'; name: string; quoted?: true })
  | (Span & { kind: 'negate'; operand: FormulaNode })
  | (Span & { kind: 'not'; operand: FormulaNode })
  | (Span & { kind: 'binary'; op: BinaryOp; opStart: number; left: FormulaNode; right: FormulaNode })
  | (Span & { kind: 'call'; name: string; args: FormulaNode[] });

export const isArithmetic = (op: BinaryOp): op is ArithmeticOp =>
  op === '+' || op === '-' || op === '*' || op === '/';

export const isLogical = (op: BinaryOp): op is LogicalOp => op === 'and' || op === 'or';
