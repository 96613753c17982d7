import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderSql, sql, value } from '../sql/sql.ts';
import { arbitraryFormula } from './arbitrary-formula.ts';
import { analyzeFormula } from './index.ts';
import { schema } from './test-schema.ts';

const asOf = sql`CAST(${value('2024-03-01')} AS DATE)`;

function render(text: string) {
  const { compile, problems } = analyzeFormula(text, schema, 'calc');
  if (!compile) throw new Error(JSON.stringify(problems));
  return renderSql(compile({ asOf }));
}

/** The statement with every double-quoted identifier removed: what is left must be our own SQL. */
const outsideIdentifiers = (text: string) => text.replace(/"(?:[^"]|"")*"/g, '');

describe('compiled formula SQL', () => {
  it('binds literals with explicit types and quotes columns', () => {
    expect(render("a + 1 - 2.5 = x and s <> 'hi' or flag = true")).toEqual({
      text:
        '((((("a" + CAST($1 AS BIGINT)) - CAST($2 AS DOUBLE)) = "x") AND ("s" <> CAST($3 AS VARCHAR))) OR ("flag" = CAST($4 AS BOOLEAN)))',
      params: [1, 2.5, 'hi', true],
    });
  });

  it('parenthesizes every operation, so SQL keeps the formula precedence', () => {
    expect(render('(a - b) - (a - b) * -b').text).toBe('(("a" - "b") - (("a" - "b") * (- "b")))');
  });

  it('never writes two minus signs in a row, which SQL reads as a comment', () => {
    expect(render('a - -1 - - -b').text).not.toContain('--');
  });

  it('divides as doubles and turns division by zero into null', () => {
    expect(render('a / b').text).toBe('(CAST("a" AS DOUBLE) / NULLIF("b", 0))');
  });

  it('counts days_since from the as-of date', () => {
    expect(render('days_since(ts)')).toEqual({
      text: `date_diff('day', CAST("ts" AS DATE), CAST($1 AS DATE))`,
      params: ['2024-03-01'],
    });
  });

  it('compiles if to CASE and round with bound digits', () => {
    expect(render('if(flag, round(x, 2), round(x))')).toEqual({
      text: '(CASE WHEN "flag" THEN round(CAST("x" AS DOUBLE), CAST($1 AS INTEGER)) ELSE round(CAST("x" AS DOUBLE), 0) END)',
      params: [2],
    });
  });

  it('gives a null the type its place needs', () => {
    expect(render('year(null)').text).toBe('year(CAST(NULL AS DATE))');
    expect(render('coalesce(null, a)').text).toBe('coalesce(CAST(NULL AS BIGINT), "a")');
    expect(render('a = null').text).toBe('("a" = CAST(NULL AS BIGINT))');
  });
});

describe('hostile formula text', () => {
  it('keeps text in a bound value', () => {
    const { text, params } = render("s = '''; DROP TABLE x; --'");
    expect(text).toBe('("s" = CAST($1 AS VARCHAR))');
    expect(params).toEqual(["'; DROP TABLE x; --"]);
  });

  it('keeps a column name inside a quoted identifier', () => {
    const { text, params } = render('"a""; DROP" + 1');
    expect(text).toBe('("a""; DROP" + CAST($1 AS BIGINT))');
    expect(outsideIdentifiers(text)).not.toMatch(/DROP|;/);
    expect(params).toEqual([1]);
  });

  it('never puts function names from the formula into SQL', () => {
    expect(analyzeFormula('pg_sleep(10)', schema, 'calc').problems).toMatchObject([{ code: 'invalid_config' }]);
    expect(render('LOWER(s)').text).toBe('lower("s")');
  });
});

describe('compiled SQL of any formula', () => {
  it('holds user text only in identifiers and bound values', () => {
    fc.assert(
      fc.property(arbitraryFormula, (formula) => {
        const { compile } = analyzeFormula(formula, schema, 'calc');
        if (!compile) return;
        const { text } = renderSql(compile({ asOf }));
        const ours = outsideIdentifiers(text);
        expect(ours).not.toMatch(/evil|DROP|Total|;|--/);
        expect(ours.replaceAll("'day'", '')).not.toContain("'");
      }),
      { numRuns: 1000 },
    );
  });
});
