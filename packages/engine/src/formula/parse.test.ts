import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FormulaNode } from './ast.ts';
import { MAX_DEPTH, MAX_FORMULA_LENGTH, MAX_NESTING, MAX_TERMS, parseFormula } from './parse.ts';

/** The tree as a fully parenthesized prefix form, to read precedence at a glance. */
function show(node: FormulaNode): string {
  switch (node.kind) {
    case 'number':
      return String(node.value);
    case 'string':
      return `'${node.value}'`;
    case 'boolean':
    case 'null':
      return node.kind === 'null' ? 'null' : String(node.value);
    case 'column':
      return node.name;
    case 'negate':
      return `(- ${show(node.operand)})`;
    case 'not':
      return `(not ${show(node.operand)})`;
    case 'binary':
      return `(${node.op} ${show(node.left)} ${show(node.right)})`;
    case 'call':
      return `(${node.name} ${node.args.map(show).join(' ')})`;
  }
}

function tree(text: string): string {
  const result = parseFormula(text);
  if (!result.ok) throw new Error(`${result.message} at ${result.position}`);
  return show(result.ast);
}

function failure(text: string) {
  const result = parseFormula(text);
  if (result.ok) throw new Error(`parsed: ${show(result.ast)}`);
  return { message: result.message, position: result.position };
}

describe('parseFormula precedence', () => {
  it.each([
    ['1 - 2 - 3', '(- (- 1 2) 3)'],
    ['8 / 4 / 2', '(/ (/ 8 4) 2)'],
    ['a + b * c', '(+ a (* b c))'],
    ['(a + b) * c', '(* (+ a b) c)'],
    ['-a * b', '(* (- a) b)'],
    ['- -a', '(- (- a))'],
    ['a - -1', '(- a (- 1))'],
    ['not a = b and c', '(and (not (= a b)) c)'],
    ['a or b and c', '(or a (and b c))'],
    ['a and b or c and d', '(or (and a b) (and c d))'],
    ['not not a', '(not (not a))'],
    ['a + 1 > b * 2', '(> (+ a 1) (* b 2))'],
    ['a <> b', '(!= a b)'],
    ['a != b or a <= b or a >= b', '(or (or (!= a b) (<= a b)) (>= a b))'],
  ])('reads %s as %s', (text, expected) => {
    expect(tree(text)).toBe(expected);
  });

  it('reads keywords in any case', () => {
    expect(tree('NOT a AND b Or TRUE')).toBe('(or (and (not a) b) true)');
    expect(tree('Null')).toBe('null');
  });

  it('reads calls, with names in any case', () => {
    expect(tree('ROUND(a / b, 2)')).toBe('(round (/ a b) 2)');
    expect(tree('if(a > 1, coalesce(b, 0), least(c, d, e))')).toBe('(if (> a 1) (coalesce b 0) (least c d e))');
  });
});

describe('parseFormula literals and names', () => {
  it('reads numbers as integers or decimals', () => {
    const result = parseFormula('12 + 1.5');
    expect(result.ok && result.ast.kind === 'binary' && [result.ast.left, result.ast.right]).toMatchObject([
      { kind: 'number', value: 12, integer: true },
      { kind: 'number', value: 1.5, integer: false },
    ]);
  });

  it('reads a doubled single quote as a quote inside text', () => {
    expect(parseFormula("'it''s'")).toMatchObject({ ok: true, ast: { kind: 'string', value: "it's" } });
  });

  it('reads double-quoted column names with spaces and doubled quotes', () => {
    expect(parseFormula('"Total Spend" + "say ""hi"""')).toMatchObject({
      ok: true,
      ast: { left: { kind: 'column', name: 'Total Spend', start: 0 }, right: { kind: 'column', name: 'say "hi"', start: 16 } },
    });
  });

  it('keeps a quoted keyword a column', () => {
    expect(tree('"and" and "not"')).toBe('(and and not)');
  });

  it('records the operator position of a binary node', () => {
    expect(parseFormula('a   + b')).toMatchObject({ ok: true, ast: { opStart: 4, start: 0, end: 7 } });
  });
});

describe('parseFormula errors', () => {
  it.each([
    ["a + 'abc", "This text has no closing quote (')", 4],
    ['"abc + 1', 'This column name has no closing quote (")', 0],
    ['"" + 1', 'A column name cannot be empty', 0],
    ['a +', 'Expected a value after `+`', 3],
    ['a + * b', 'Expected a value, found `*`', 4],
    ['a and', 'Expected a value after `and`', 5],
    ['1 + foo(1)', 'There is no function `foo`', 4],
    ['constructor(1)', 'There is no function `constructor`', 0],
    ['(a + b', 'This `(` is never closed', 0],
    ['round(a, 2', 'This `(` is never closed', 5],
    ['a + b)', 'This `)` has no matching `(`', 5],
    ['(a b)', 'Expected `)`, found `b`', 3],
    ['round(a 2)', 'Expected `,` or `)`, found `2`', 8],
    ['round(1,)', 'Expected a value, found `)`', 8],
    ['round(1, 2, 3)', '`round` takes 1 or 2 values, got 3', 0],
    ['x + if(a, b)', '`if` takes 3 values, got 2', 4],
    ['coalesce()', '`coalesce` takes at least 1 value, got 0', 0],
    ['least(a)', '`least` takes at least 2 values, got 1', 0],
    ['lower()', '`lower` takes 1 value, got 0', 0],
    ['1 < a < 3', 'Compare two values at a time; join comparisons with `and`', 6],
    ['a b', 'Expected an operator before `b`', 2],
    ['a, b', 'A `,` only separates the values of a function', 1],
    ['a == b', 'Use a single `=` to compare', 2],
    ['a # b', 'Unexpected character `#`', 2],
    ['99999999999999999999', 'This number is too large', 0],
    ['', 'The formula is empty', 0],
    ['   ', 'The formula is empty', 0],
  ])('reports %j: %s at %i', (text, message, position) => {
    expect(failure(text)).toEqual({ message, position });
  });

  it('refuses a formula over the length limit', () => {
    expect(parseFormula('1+'.repeat(MAX_FORMULA_LENGTH / 2) + '1')).toEqual({
      ok: false,
      message: 'The formula is too long (over 2000 characters)',
      position: MAX_FORMULA_LENGTH,
    });
  });

  it('allows nesting up to the limit and refuses one level more', () => {
    const parens = (n: number) => '('.repeat(n) + '1' + ')'.repeat(n);
    expect(parseFormula(parens(MAX_NESTING)).ok).toBe(true);
    expect(failure(parens(MAX_NESTING + 1))).toEqual({ message: 'The formula nests too deeply (over 64 levels)', position: 64 });
    expect(failure('-'.repeat(MAX_NESTING + 1) + '1').position).toBe(64);
    expect(failure('not '.repeat(MAX_NESTING + 1) + 'a').position).toBe(256);
    expect(failure('abs('.repeat(MAX_NESTING + 1) + '1' + ')'.repeat(MAX_NESTING + 1)).position).toBe(259);
  });

  it('allows a chain of operations up to the depth limit and refuses it at the operator that goes over', () => {
    expect(parseFormula('a+'.repeat(MAX_DEPTH) + 'a').ok).toBe(true);
    expect(failure('a+'.repeat(MAX_DEPTH + 1) + 'a')).toEqual({
      message: `The formula has too many operations inside one another (over ${MAX_DEPTH}); split it into several formulas`,
      position: 2 * MAX_DEPTH + 1,
    });
    // The 1,000-term formula DuckDB refused at run time.
    expect(failure(Array.from({ length: 1000 }, () => 'a').join('+')).position).toBe(2 * MAX_DEPTH + 1);
    expect(failure('1 * '.repeat(MAX_DEPTH + 1) + '1').position).toBe(4 * MAX_DEPTH + 2);
  });

  it('counts depth through every kind of operation, not just chains', () => {
    // if(…) wraps a comparison wrapping a chain: each level adds to the depth.
    const chain = 'a+'.repeat(MAX_DEPTH - 2) + 'a';
    expect(parseFormula(`if(${chain} > 1, 1, 2)`).ok).toBe(true);
    expect(failure(`if(${chain} + 1 > 1, 1, 2)`).message).toMatch(/too many operations inside one another/);
  });

  it('refuses more values and columns than the limit, at the one that goes over', () => {
    const args = (n: number) => Array.from({ length: n }, () => 'a').join(',');
    expect(parseFormula(`coalesce(${args(MAX_TERMS)})`).ok).toBe(true);
    expect(failure(`coalesce(${args(MAX_TERMS + 1)})`)).toEqual({
      message: `The formula has too many values and columns (over ${MAX_TERMS}); split it into several formulas`,
      position: 'coalesce('.length + 2 * MAX_TERMS,
    });
  });
});

describe('parseFormula on arbitrary text', () => {
  const pieces = ['a', ' ', '1', '2.5', "'", '"', '(', ')', ',', '+', '-', '*', '/', '=', '<', '>', '!', 'not ', ' and ', ' or ', 'round(', 'if(', 'null', 'x y', '\n'];

  const holds = (text: string) => {
    const result = parseFormula(text);
    if (result.ok) return result.ast.start >= 0 && result.ast.end <= text.length;
    return typeof result.message === 'string' && result.position >= 0 && result.position <= text.length;
  };

  it('never throws and points inside the text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), holds), { numRuns: 2000 });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 100 }), holds), { numRuns: 1000 });
  });

  it('never throws on text made of formula pieces', () => {
    const formulaLike = fc.array(fc.constantFrom(...pieces), { maxLength: 60 }).map((p) => p.join(''));
    fc.assert(fc.property(formulaLike, holds), { numRuns: 3000 });
  });
});
