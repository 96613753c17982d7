import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnType } from '../model/column.ts';
import { renderSql, sql, value } from '../sql/sql.ts';
import { arbitraryFormula } from '../formula/arbitrary-formula.ts';
import { analyzeFormula } from '../formula/index.ts';
import { schema, TEST_TABLE_SQL } from '../formula/test-schema.ts';
import { compileRowFormula } from './formula.ts';
import { dayOf, parseDate, parseTimestamp, type Row, type Value } from './values.ts';

let instance: DuckDBInstance;
let connection: DuckDBConnection;
const AS_OF = '2024-03-01';

// The rows of formula/execute.test.ts, once in DuckDB and once as the evaluator holds them.
const ROWS: Row[] = [
  { id: 'c1', a: 7, b: 0, x: 2.5, s: 'Hello', d: parseDate('2024-01-15')!, ts: parseTimestamp('2024-02-28 23:30:00')!, flag: true, 'Total Spend': 100.5, 'a"; DROP': 3 },
  { id: 'c2', a: null, b: null, x: null, s: null, d: null, ts: null, flag: null, 'Total Spend': null, 'a"; DROP': null },
];

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
  await connection.run(`SET TimeZone = 'UTC'; ${TEST_TABLE_SQL}`);
});
afterAll(() => {
  connection.closeSync();
  instance.closeSync();
});

/** DuckDB's JSON of a value and the evaluator's value, both as one comparable form. */
function normal(v: unknown, type: ColumnType): unknown {
  if (v === null || v === undefined) return null;
  if (type === 'date' || type === 'timestamp') return typeof v === 'number' ? v : parseTimestamp(String(v));
  if (type === 'integer' || type === 'number') return Number(Number(v).toPrecision(12));
  return v;
}

async function bothWays(text: string): Promise<{ duckdb: unknown[]; evaluator: unknown[] } | undefined> {
  const { compile, type } = analyzeFormula(text, schema, 'calc');
  if (!compile || !type) return undefined;
  const expr = compile({ asOf: sql`CAST(${value(AS_OF)} AS DATE)` });
  const { text: query, params } = renderSql(sql`SELECT ${expr} AS v FROM t ORDER BY id`);
  let duckdb: unknown[];
  try {
    duckdb = (await connection.runAndReadAll(query, params as never)).getRowObjectsJson().map((r) => normal(r.v, type));
  } catch {
    return undefined; // An overflow DuckDB refuses: nothing to compare.
  }
  const formula = compileRowFormula(text);
  const env = { asOfDay: dayOf(parseDate(AS_OF)!), profiles: {}, events: {} };
  return { duckdb, evaluator: ROWS.map((row) => normal(formula(row, env) as Value, type)) };
}

describe('formulas evaluated for one customer', () => {
  it.each([
    'a / b', 'round(x * 3, 1)', 'round("Total Spend", -1)', 'round(-2.5)', 'least(a, x)', 'greatest(d, ts)', 'days_since(ts)',
    'year(ts) * 100', "coalesce(s, 'none')", 'not flag or a > 5', 'flag and null', 'length(lower(s))', 'd < ts',
  ])('%s gives what DuckDB gives', async (text) => {
    const both = await bothWays(text);
    expect(both).toBeDefined();
    expect(both!.evaluator).toEqual(both!.duckdb);
  });

  it('gives what DuckDB gives for random formulas that type-check', async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(arbitraryFormula, async (text) => {
        const both = await bothWays(text);
        if (!both) return;
        compared++;
        expect(both.evaluator, text).toEqual(both.duckdb);
      }),
      { numRuns: 400 },
    );
    expect(compared).toBeGreaterThan(50);
  });
});
