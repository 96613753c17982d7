import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderSql, sql, value, type SqlValue } from '../sql/sql.ts';
import { arbitraryFormula } from './arbitrary-formula.ts';
import { analyzeFormula } from './index.ts';
import { SQL_TYPES } from './typing.ts';
import { MAX_DEPTH, MAX_NESTING } from './parse.ts';
import { schema, TEST_TABLE_SQL } from './test-schema.ts';

let instance: DuckDBInstance;
let connection: DuckDBConnection;

// Two rows: one with values, one with nulls in every column but the key.
beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
  await connection.run(TEST_TABLE_SQL);
});

afterAll(() => {
  connection.closeSync();
  instance.closeSync();
});

/** Formulas bind only scalars, which DuckDB takes as they are. */
function scalar(v: SqlValue): DuckDBValue {
  if (typeof v === 'object' && v !== null) throw new Error('a formula bound a struct');
  return v;
}

/** Runs the formula over both rows; BIGINT values come back as strings. */
async function evaluate(text: string): Promise<unknown[]> {
  const { compile, problems } = analyzeFormula(text, schema, 'calc');
  if (!compile) throw new Error(JSON.stringify(problems));
  const expr = compile({ asOf: sql`CAST(${value('2024-03-01')} AS DATE)` });
  const { text: query, params } = renderSql(sql`SELECT ${expr} AS v FROM t ORDER BY id`);
  const reader = await connection.runAndReadAll(query, params.map(scalar));
  return reader.getRowObjectsJson().map((row) => row.v);
}

describe('formulas run in DuckDB', () => {
  it.each([
    ['1 - 2 - 3', ['-4', '-4']],
    ['2 + 3 * 4', ['14', '14']],
    ['a / 2', [3.5, null]],
    ['a / b', [null, null]],
    ['x / 0.0', [null, null]],
    ['- -a', ['7', null]],
    ['abs(-a)', ['7', null]],
    ['"Total Spend" * 2', [201, null]],
    ['"a""; DROP" + 1', ['4', null]],
    ['round(x)', [3, null]],
    ['round(x * 3, 1)', [7.5, null]],
    ['round("Total Spend", -1)', [100, null]],
    ['round(a)', [7, null]],
    ["coalesce(s, 'none')", ['Hello', 'none']],
    ['coalesce(b, x, 1)', [0, 1]],
    ["if(a > 5, 'big', 'small')", ['big', 'small']],
    ['if(flag, a, x)', [7, null]],
    ['least(a, x)', [2.5, null]],
    ['greatest(d, ts)', ['2024-02-28 23:30:00', null]],
    ['days_since(d)', ['46', null]],
    ['days_since(ts)', ['2', null]],
    ['year(ts) * 100 + year(d) - year(d)', ['202400', null]],
    ['year(null)', [null, null]],
  ] as [string, unknown[]][])('evaluates %s', async (text, expected) => {
    expect(await evaluate(text)).toEqual(expected);
  });

  it('runs the string functions', async () => {
    expect(await evaluate('lower(s)')).toEqual(['hello', null]);
    expect(await evaluate('upper(s)')).toEqual(['HELLO', null]);
    expect(await evaluate('length(s)')).toEqual(['5', null]);
    expect(await evaluate("s = 'it''s'")).toEqual([false, null]);
  });

  it('compares with SQL null semantics', async () => {
    expect(await evaluate('not a = 7 and flag')).toEqual([false, null]);
    expect(await evaluate('a > 1 or true')).toEqual([true, true]);
    expect(await evaluate('d < ts')).toEqual([true, null]);
  });

  it('treats hostile text as data', async () => {
    expect(await evaluate("s = '''; DROP TABLE t; --'")).toEqual([false, null]);
    expect(await evaluate("length('''; DROP TABLE t; --')")).toEqual(['19', '19']);
  });
});

describe('formulas at the limits', () => {
  it('runs the deepest formulas the parser takes: DuckDB\'s own depth limit stays out of reach', async () => {
    const deepest = [
      'a/'.repeat(MAX_DEPTH) + 'a', // a division compiles to three levels
      `${'-'.repeat(MAX_NESTING)}${' - a'.repeat(MAX_DEPTH - MAX_NESTING - 1)}`.replace(/^-+/, (m) => `${m}a`),
      `${'if(a > 1, '.repeat(MAX_DEPTH / 2 - 1)}days_since(d)${', 0)'.repeat(MAX_DEPTH / 2 - 1)}`,
    ];
    for (const text of deepest) expect((await evaluate(text)).length, text.slice(0, 40)).toBe(2);
  });
});

describe('any formula that checks', () => {
  it('runs in DuckDB and gives the type the checker promised', async () => {
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(arbitraryFormula, async (formula) => {
        const { compile, type } = analyzeFormula(formula, schema, 'calc');
        if (!compile || !type) return;
        checked++;
        const { text, params } = renderSql(sql`SELECT ${compile({ asOf: sql`DATE '2024-03-01'` })} AS v FROM t`);
        const reader = await connection.runAndReadAll(text, params.map(scalar));
        expect(reader.columnTypes()[0].toString()).toBe(SQL_TYPES[type]);
      }),
      { numRuns: 400 },
    );
    expect(checked).toBeGreaterThan(20);
  });
});
