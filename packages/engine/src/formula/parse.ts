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
const opIn = (table: Record<string, BinaryOp>) => (tok: Token) =>
  tok.kind === 'op' && Object.hasOwn(table, tok.text) ? table[tok.text] : undefined;
const keyword = (word: 'and' | 'or') => (tok: Token) => (isKeyword(tok, word) ? word : undefined);

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
    return { ok: true, ast: parseTokens(text, tokenized.tokens) };
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, message: e.message, position: e.position };
    throw e;
  }
}

function parseTokens(text: string, tokens: Token[]): FormulaNode {
  let i = 0;
  let depth = 0;
  let terms = 0;
  const peek = () => tokens[i];
  const next = () => tokens[i++];

  // The depth of every operation made so far, so a long chain is refused as it grows.
  const depths = new WeakMap<FormulaNode, number>();
  const leaf = <N extends FormulaNode>(node: N): N => {
    if (++terms > MAX_TERMS) fail(`The formula has too many values and columns (over ${MAX_TERMS}); split it into several formulas`, node.start);
    return node;
  };
  const operation = <N extends FormulaNode>(node: N, children: readonly FormulaNode[], at: number): N => {
    const d = 1 + Math.max(0, ...children.map((child) => depths.get(child) ?? 0));
    if (d > MAX_DEPTH) fail(`The formula has too many operations inside one another (over ${MAX_DEPTH}); split it into several formulas`, at);
    depths.set(node, d);
    return node;
  };

  const describe = (tok: Token) => {
    if (tok.kind === 'eof') return 'the end';
    const source = text.slice(tok.start, tok.end);
    return `\`${source.length > 20 ? `${source.slice(0, 20)}…` : source}\``;
  };

  const nested = (at: number, parse: () => FormulaNode): FormulaNode => {
    if (++depth > MAX_NESTING) fail(`The formula nests too deeply (over ${MAX_NESTING} levels)`, at);
    const node = parse();
    depth--;
    return node;
  };

  const chain = (opOf: (tok: Token) => BinaryOp | undefined, operand: () => FormulaNode) => (): FormulaNode => {
    let left = operand();
    for (let op = opOf(peek()); op; op = opOf(peek())) {
      const opStart = next().start;
      const right = operand();
      left = operation({ kind: 'binary', op, opStart, left, right, start: left.start, end: right.end }, [left, right], opStart);
    }
    return left;
  };

  const closeParen = (open: Token, expected: string): Token => {
    const tok = peek();
    if (tok.kind === ')') return next();
    if (tok.kind === 'eof') return fail('This `(` is never closed', open.start);
    return fail(`Expected ${expected}, found ${describe(tok)}`, tok.start);
  };

  const expectedValue = (tok: Token): never =>
    tok.kind === 'eof'
      ? fail(`Expected a value after ${describe(tokens[i - 2])}`, tok.start)
      : fail(`Expected a value, found ${describe(tok)}`, tok.start);

  const parseNumber = (tok: Token & { kind: 'number' }): FormulaNode => {
    const integer = !tok.text.includes('.');
    const value = Number(tok.text);
    if (integer ? !Number.isSafeInteger(value) : !Number.isFinite(value)) fail('This number is too large', tok.start);
    return leaf({ kind: 'number', value, integer, start: tok.start, end: tok.end });
  };

  const parseCall = (nameTok: Token & { kind: 'name' }): FormulaNode => {
    const fn = findFunction(nameTok.text) ?? fail(`There is no function ${describe(nameTok)}`, nameTok.start);
    const open = next();
    return nested(open.start, () => {
      const args: FormulaNode[] = [];
      if (peek().kind !== ')') {
        args.push(parseOr());
        while (peek().kind === ',') {
          next();
          args.push(parseOr());
        }
      }
      const close = closeParen(open, '`,` or `)`');
      const name = nameTok.text.toLowerCase();
      if (args.length < fn.min || args.length > maxArgs(fn)) {
        fail(`\`${name}\` ${arityText(fn)}, got ${args.length}`, nameTok.start);
      }
      return operation({ kind: 'call', name, args, start: nameTok.start, end: close.end }, args, nameTok.start);
    });
  };

  const parseName = (tok: Token & { kind: 'name' }): FormulaNode => {
    const span = { start: tok.start, end: tok.end };
    const word = tok.text.toLowerCase();
    if (word === 'true' || word === 'false') return leaf({ kind: 'boolean', value: word === 'true', ...span });
    if (word === 'null') return leaf({ kind: 'null', ...span });
    if (word === 'and' || word === 'or' || word === 'not') return expectedValue(tok);
    if (peek().kind === '(') return parseCall(tok);
    return leaf({ kind: 'column', name: tok.text, ...span });
  };

  const parsePrimary = (): FormulaNode => {
    const tok = next();
    switch (tok.kind) {
      case 'number':
        return parseNumber(tok);
      case 'string':
        return leaf({ kind: 'string', value: tok.value, start: tok.start, end: tok.end });
      case 'quoted':
        return leaf({ kind: 'column', name: tok.value, start: tok.start, end: tok.end });
      case 'name':
        return parseName(tok);
      case '(':
        return nested(tok.start, () => {
          const inner = parseOr();
          closeParen(tok, '`)`');
          return inner;
        });
      default:
        return expectedValue(tok);
    }
  };

  const parseUnary = (): FormulaNode => {
    const tok = peek();
    if (tok.kind !== 'op' || tok.text !== '-') return parsePrimary();
    next();
    return nested(tok.start, () => {
      const operand = parseUnary();
      return operation({ kind: 'negate', operand, start: tok.start, end: operand.end }, [operand], tok.start);
    });
  };

  const parseMultiplicative = chain(opIn(MULTIPLICATIVE), parseUnary);
  const parseAdditive = chain(opIn(ADDITIVE), parseMultiplicative);
  const comparisonOp = opIn(COMPARISONS);

  // Comparisons do not chain: `1 < a < 10` would compare a true/false with 10.
  const parseComparison = (): FormulaNode => {
    const left = parseAdditive();
    const op = comparisonOp(peek());
    if (!op) return left;
    const opStart = next().start;
    const right = parseAdditive();
    if (comparisonOp(peek())) fail('Compare two values at a time; join comparisons with `and`', peek().start);
    return operation({ kind: 'binary', op, opStart, left, right, start: left.start, end: right.end }, [left, right], opStart);
  };

  const parseNot = (): FormulaNode => {
    const tok = peek();
    if (!isKeyword(tok, 'not')) return parseComparison();
    next();
    return nested(tok.start, () => {
      const operand = parseNot();
      return operation({ kind: 'not', operand, start: tok.start, end: operand.end }, [operand], tok.start);
    });
  };

  const parseAnd = chain(keyword('and'), parseNot);
  const parseOr: () => FormulaNode = chain(keyword('or'), parseAnd);

  const ast = parseOr();
  const rest = peek();
  if (rest.kind === ')') fail('This `)` has no matching `(`', rest.start);
  if (rest.kind === ',') fail('A `,` only separates the values of a function', rest.start);
  if (rest.kind !== 'eof') fail(`Expected an operator before ${describe(rest)}`, rest.start);
  return ast;
}
