import type { BinaryOp, FormulaNode } from './ast.ts';
import { arityText, findFunction, maxArgs } from './functions.ts';
import { tokenize, type Token } from './tokenize.ts';

export const MAX_FORMULA_LENGTH = 2000;
/** Parentheses, calls and prefix operators inside one another. Keeps recursion far from the stack limit. */
export const MAX_NESTING = 64;
/**
 * Operations inside one another in the tree, `a + b + c` being two deep. Every
 * walk over the tree recurses this deep, and DuckDB refuses expressions deeper
 * than 1000 (a division compiles to three levels), and plans deep ones slowly.
 */
export const MAX_DEPTH = 128;
/** Values and columns in one formula. */
export const MAX_TERMS = 256;

export type ParseResult = { ok: true; ast: FormulaNode } | { ok: false; message: string; position: number };

/**
 * Unwinds the recursive descent on the first error. It never leaves this module:
 * `parseFormula` turns it into a value, because a bad formula is the user's to fix.
 */
class ParseError {
  constructor(
    readonly message: string,
    readonly position: number,
  ) {}
}

const fail = (message: string, position: number): never => {
  throw new ParseError(message, position);
};

const COMPARISONS: Record<string, BinaryOp> = { '=': '=', '!=': '!=', '<>': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };
const ADDITIVE: Record<string, BinaryOp> = { '+': '+', '-': '-' };
const MULTIPLICATIVE: Record<string, BinaryOp> = { '*': '*', '/': '/' };

const isKeyword = (tok: Token, word: string) => tok.kind === 'name' && tok.text.toLowerCase() === word;
const opIn = (table: Record<string, BinaryOp>, tok: Token) => (tok.kind === 'op' && Object.hasOwn(table, tok.text) ? table[tok.text] : undefined);
// The operators of each level of precedence, at a token (module-level: no function is made per formula).
const comparisonOp = (tok: Token) => opIn(COMPARISONS, tok);
const additiveOp = (tok: Token) => opIn(ADDITIVE, tok);
const multiplicativeOp = (tok: Token) => opIn(MULTIPLICATIVE, tok);
const orOp = (tok: Token): BinaryOp | undefined => (isKeyword(tok, 'or') ? 'or' : undefined);
const andOp = (tok: Token): BinaryOp | undefined => (isKeyword(tok, 'and') ? 'and' : undefined);

/**
 * Parses a formula into a tree, without looking at columns or types.
 * Precedence, loosest first: or, and, not, comparison, + -, * /, unary minus.
 *
 * @example
 *   parseFormula('a + 1') // { ok: true, ast: { kind: 'binary', op: '+', … } }
 *   parseFormula('a +')   // { ok: false, message: 'Expected a value after `+`', position: 3 }
 */
export function parseFormula(text: string): ParseResult {
  if (text.length > MAX_FORMULA_LENGTH) {
    return { ok: false, message: `The formula is too long (over ${MAX_FORMULA_LENGTH} characters)`, position: MAX_FORMULA_LENGTH };
  }
  const tokenized = tokenize(text);
  if (!tokenized.ok) return tokenized;
  if (tokenized.tokens.length === 1) return { ok: false, message: 'The formula is empty', position: 0 };
  try {
    return { ok: true, ast: new Parser(text, tokenized.tokens).formula() };
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, message: e.message, position: e.position };
    throw e;
  }
}

/**
 * Recursive descent over the tokens, one method per precedence level. A class,
 * not closures made per formula: validation parses every compute node's formula
 * of every document, and the server's runtime names each closure as it is made.
 */
class Parser {
  private i = 0;
  /** Parentheses, calls and prefix operators open around the current token. */
  private nesting = 0;
  private terms = 0;
  /**
   * The depth (operations inside one another) of the node the last parse method
   * returned: each method that makes an operation reads its operands' depths here
   * right after parsing them, so a long chain is refused as it grows.
   */
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
  ) {}

  formula(): FormulaNode {
    const ast = this.or();
    const rest = this.peek();
    if (rest.kind === ')') fail('This `)` has no matching `(`', rest.start);
    if (rest.kind === ',') fail('A `,` only separates the values of a function', rest.start);
    if (rest.kind !== 'eof') fail(`Expected an operator before ${this.describe(rest)}`, rest.start);
    return ast;
  }

  private peek(): Token {
    return this.tokens[this.i];
  }

  private next(): Token {
    return this.tokens[this.i++];
  }

  private leaf<N extends FormulaNode>(node: N): N {
    if (++this.terms > MAX_TERMS) fail(`The formula has too many values and columns (over ${MAX_TERMS}); split it into several formulas`, node.start);
    this.depth = 0;
    return node;
  }

  /** An operation over operands whose deepest is `deepest` operations deep. */
  private operation<N extends FormulaNode>(node: N, deepest: number, at: number): N {
    const d = 1 + deepest;
    if (d > MAX_DEPTH) fail(`The formula has too many operations inside one another (over ${MAX_DEPTH}); split it into several formulas`, at);
    this.depth = d;
    return node;
  }

  private describe(tok: Token): string {
    if (tok.kind === 'eof') return 'the end';
    const source = this.text.slice(tok.start, tok.end);
    return `\`${source.length > 20 ? `${source.slice(0, 20)}…` : source}\``;
  }

  private open(at: number): void {
    if (++this.nesting > MAX_NESTING) fail(`The formula nests too deeply (over ${MAX_NESTING} levels)`, at);
  }

  private close(): void {
    this.nesting--;
  }

  private closeParen(open: Token, expected: string): Token {
    const tok = this.peek();
    if (tok.kind === ')') return this.next();
    if (tok.kind === 'eof') return fail('This `(` is never closed', open.start);
    return fail(`Expected ${expected}, found ${this.describe(tok)}`, tok.start);
  }

  private expectedValue(tok: Token): never {
    return tok.kind === 'eof'
      ? fail(`Expected a value after ${this.describe(this.tokens[this.i - 2])}`, tok.start)
      : fail(`Expected a value, found ${this.describe(tok)}`, tok.start);
  }

  /** `operand op operand op …`, left to right, for the operators `opOf` reads at one level of precedence. */
  private chain(operand: (this: Parser) => FormulaNode, opOf: (tok: Token) => BinaryOp | undefined): FormulaNode {
    let left = operand.call(this);
    let leftDepth = this.depth;
    for (let op = opOf(this.peek()); op; op = opOf(this.peek())) {
      const opStart = this.next().start;
      const right = operand.call(this);
      left = this.operation({ kind: 'binary', op, opStart, left, right, start: left.start, end: right.end }, Math.max(leftDepth, this.depth), opStart);
      leftDepth = this.depth;
    }
    return left;
  }

  private or(): FormulaNode {
    return this.chain(this.and, orOp);
  }

  private and(): FormulaNode {
    return this.chain(this.not, andOp);
  }

  private not(): FormulaNode {
    const tok = this.peek();
    if (!isKeyword(tok, 'not')) return this.comparison();
    this.next();
    this.open(tok.start);
    const operand = this.not();
    this.close();
    return this.operation({ kind: 'not', operand, start: tok.start, end: operand.end }, this.depth, tok.start);
  }

  // Comparisons do not chain: `1 < a < 10` would compare a true/false with 10.
  private comparison(): FormulaNode {
    const left = this.additive();
    const leftDepth = this.depth;
    const op = comparisonOp(this.peek());
    if (!op) return left;
    const opStart = this.next().start;
    const right = this.additive();
    if (comparisonOp(this.peek())) fail('Compare two values at a time; join comparisons with `and`', this.peek().start);
    return this.operation({ kind: 'binary', op, opStart, left, right, start: left.start, end: right.end }, Math.max(leftDepth, this.depth), opStart);
  }

  private additive(): FormulaNode {
    return this.chain(this.multiplicative, additiveOp);
  }

  private multiplicative(): FormulaNode {
    return this.chain(this.unary, multiplicativeOp);
  }

  private unary(): FormulaNode {
    const tok = this.peek();
    if (tok.kind !== 'op' || tok.text !== '-') return this.primary();
    this.next();
    this.open(tok.start);
    const operand = this.unary();
    this.close();
    return this.operation({ kind: 'negate', operand, start: tok.start, end: operand.end }, this.depth, tok.start);
  }

  private primary(): FormulaNode {
    const tok = this.next();
    switch (tok.kind) {
      case 'number':
        return this.number(tok);
      case 'string':
        return this.leaf({ kind: 'string', value: tok.value, start: tok.start, end: tok.end });
      case 'quoted':
        return this.leaf({ kind: 'column', name: tok.value, quoted: true, start: tok.start, end: tok.end });
      case 'name':
        return this.name(tok);
      case '(': {
        this.open(tok.start);
        const inner = this.or();
        this.closeParen(tok, '`)`');
        this.close();
        return inner;
      }
      default:
        return this.expectedValue(tok);
    }
  }

  private number(tok: Token & { kind: 'number' }): FormulaNode {
    const integer = !tok.text.includes('.');
    const value = Number(tok.text);
    if (integer ? !Number.isSafeInteger(value) : !Number.isFinite(value)) fail('This number is too large', tok.start);
    return this.leaf({ kind: 'number', value, integer, start: tok.start, end: tok.end });
  }

  private name(tok: Token & { kind: 'name' }): FormulaNode {
    const word = tok.text.toLowerCase();
    if (word === 'true' || word === 'false') return this.leaf({ kind: 'boolean', value: word === 'true', start: tok.start, end: tok.end });
    if (word === 'null') return this.leaf({ kind: 'null', start: tok.start, end: tok.end });
    if (word === 'and' || word === 'or' || word === 'not') return this.expectedValue(tok);
    if (this.peek().kind === '(') return this.call(tok);
    return this.leaf({ kind: 'column', name: tok.text, start: tok.start, end: tok.end });
  }

  private call(nameTok: Token & { kind: 'name' }): FormulaNode {
    const fn = findFunction(nameTok.text) ?? fail(`There is no function ${this.describe(nameTok)}`, nameTok.start);
    const open = this.next();
    this.open(open.start);
    const args: FormulaNode[] = [];
    let deepest = 0;
    if (this.peek().kind !== ')') {
      args.push(this.or());
      deepest = this.depth;
      while (this.peek().kind === ',') {
        this.next();
        args.push(this.or());
        deepest = Math.max(deepest, this.depth);
      }
    }
    const close = this.closeParen(open, '`,` or `)`');
    const name = nameTok.text.toLowerCase();
    if (args.length < fn.min || args.length > maxArgs(fn)) {
      fail(`\`${name}\` ${arityText(fn)}, got ${args.length}`, nameTok.start);
    }
    const node = this.operation({ kind: 'call', name, args, start: nameTok.start, end: close.end }, deepest, nameTok.start);
    this.close();
    return node;
  }
}
