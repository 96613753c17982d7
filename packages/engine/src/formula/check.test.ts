import { describe, expect, it } from 'vitest';
import { analyzeFormula } from './index.ts';
import { schema } from './test-schema.ts';

const analyze = (text: string) => analyzeFormula(text, schema, 'calc');

describe('analyzeFormula result types', () => {
  it.each([
    ['a + b * 2', 'integer'],
    ['a - 1.5', 'number'],
    ['a / b', 'number'],
    ['-a', 'integer'],
    ['"Total Spend" * 2', 'number'],
    ['a > 1 and not flag', 'boolean'],
    ['d < ts', 'boolean'],
    ['a = x', 'boolean'],
    ["s <> 'x'", 'boolean'],
    ['lower(s)', 'string'],
    ['length(upper(s))', 'integer'],
    ['year(d) + days_since(ts)', 'integer'],
    ['round(x)', 'number'],
    ['round(a, -1)', 'number'],
    ['abs(a)', 'integer'],
    ['abs(x)', 'number'],
    ['coalesce(null, a)', 'integer'],
    ['coalesce(a, x)', 'number'],
    ['least(d, ts)', 'timestamp'],
    ['greatest(s, null, s)', 'string'],
    ['if(flag, a, x)', 'number'],
    ["if(flag, null, 'none')", 'string'],
    ['null + 1', 'integer'],
    ['year(null)', 'integer'],
    ['a = null', 'boolean'],
  ])('types %s as %s', (text, type) => {
    const analysis = analyze(text);
    expect(analysis.problems).toEqual([]);
    expect(analysis.type).toBe(type);
    expect(analysis.compile).toBeTypeOf('function');
  });
});

describe('analyzeFormula problems', () => {
  it.each([
    ['lower(a)', '`lower` needs text, not a whole number', 6],
    ["s + 1", '`+` needs a number, not text', 0],
    ['-flag', '`-` needs a number, not true/false', 1],
    ['s = 1', 'Cannot compare text with a whole number', 2],
    ['d >= 2024', 'Cannot compare a date with a whole number', 2],
    ['a and flag', '`and` needs a true/false value, not a whole number', 0],
    ['not s', '`not` needs a true/false value, not text', 4],
    ['if(a, 1, 2)', '`if` needs a true/false value, not a whole number', 3],
    ["if(flag, a, 'x')", '`if` needs values of one type, not a whole number and text', 12],
    ['coalesce(a, s)', '`coalesce` needs values of one type, not a whole number and text', 12],
    ['days_since(s)', '`days_since` needs a date, not text', 11],
    ['abs(s)', '`abs` needs a number, not text', 4],
  ])('reports %s: %s at %i', (text, message, position) => {
    const analysis = analyze(text);
    expect(analysis.problems).toEqual([{ severity: 'error', code: 'type_mismatch', message, nodeId: 'calc', position }]);
    expect(analysis.type).toBeUndefined();
    expect(analysis.compile).toBeUndefined();
  });

  it.each(['round(x, a)', 'round(x, 2.5)', 'round(x, 21)'])('asks for whole-number digits in %s', (text) => {
    expect(analyze(text).problems).toEqual([
      { severity: 'error', code: 'invalid_config', message: '`round` needs a whole number of digits, like round(price, 2)', nodeId: 'calc', position: 9 },
    ]);
  });

  it('reports a formula that is always null', () => {
    for (const text of ['null', 'coalesce(null, null)', 'if(flag, null, null)', '-null']) {
      expect(analyze(text).problems).toMatchObject([{ code: 'invalid_config', message: 'The formula is always empty (null), so it has no type' }]);
    }
  });

  it('reports a parse error as invalid_config with its position', () => {
    expect(analyze('a + (b')).toEqual({
      problems: [{ severity: 'error', code: 'invalid_config', message: 'This `(` is never closed', nodeId: 'calc', position: 4 }],
      columns: [],
    });
  });

  it('reports unknown columns with the name and position', () => {
    expect(analyze('a + amount * "Total spend"').problems).toEqual([
      { severity: 'error', code: 'unknown_field', message: 'There is no column `amount`', nodeId: 'calc', field: 'amount', position: 4 },
      {
        severity: 'error',
        code: 'unknown_field',
        message: 'There is no column `Total spend` (did you mean `Total Spend`?)',
        nodeId: 'calc',
        field: 'Total spend',
        position: 13,
      },
    ]);
  });

  it('tells a name in double quotes that matches no column to use single quotes for text', () => {
    expect(analyze('if(a > 2, "hot", \'cold\')').problems.map((p) => p.message)).toEqual(["There is no column `hot` (for the text hot, use single quotes: 'hot')"]);
  });

  it('reports one problem per mistake, not its consequences', () => {
    expect(analyze("abs(missing) + 1 > 0 and coalesce(missing, 'x') = 'y'").problems.map((p) => p.code)).toEqual([
      'unknown_field',
      'unknown_field',
    ]);
    expect(analyze("coalesce(lower(a), 'x') = 'y'").problems).toHaveLength(1);
  });

  it('reads the key column like any other', () => {
    expect(analyze('lower(id)')).toMatchObject({ type: 'string', problems: [] });
  });
});

describe('analyzeFormula columns', () => {
  it('lists the columns read, once each, in order of use', () => {
    expect(analyze('if(flag, "Total Spend" / a, a + missing)').columns).toEqual(['flag', 'Total Spend', 'a', 'missing']);
  });
});
