import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { renderSql, sql } from '../sql/sql.ts';
import { cumulativeBounds, pickSql, RANDOM_MACROS } from './random-sql.ts';

describe('cumulativeBounds', () => {
  it('gives each weight its share of [0, 1) and ends at exactly 1', () => {
    expect(cumulativeBounds([1, 1, 2])).toEqual([0.25, 0.5, 1]);
    expect(cumulativeBounds([0.1, 0.2, 0.7]).at(-1)).toBe(1);
  });

  it('rejects weights that cannot make a distribution', () => {
    expect(() => cumulativeBounds([0, 0])).toThrow(RangeError);
    expect(() => cumulativeBounds([1, -1, 2])).toThrow(RangeError);
  });
});

describe('pickSql', () => {
  it('binds bounds and values and leaves the last choice to ELSE', () => {
    const q = renderSql(pickSql(sql`d`, [{ value: 'free', weight: 3 }, { value: "o'pro", weight: 1 }]));
    expect(q).toEqual({ text: 'CASE WHEN d < $1 THEN $2 ELSE $3 END', params: [0.75, 'free', "o'pro"] });
  });
});

/** The first row of a query run where the random macros exist. */
async function queryWithMacros(query: string): Promise<Record<string, unknown>> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    for (const macro of RANDOM_MACROS) await c.run(macro);
    return (await c.runAndReadAll(query)).getRowObjectsJson()[0];
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

/**
 * Chi-square of draw `y`'s deciles among rows where draw `x` fell below 0.05
 * (both over `i`); about 9 when independent, 21.7 is the 1% critical value.
 * This dependence skewed purchase categories when draws used hash(key, salt).
 */
async function conditionalChiSquare(x: string, y: string): Promise<number> {
  const r = await queryWithMacros(`
    WITH d AS (SELECT ${x} AS x, ${y} AS y FROM range(400000) AS t(i)),
         deciles AS (SELECT floor(y * 10) AS decile, count(*) AS n FROM d WHERE x < 0.05 GROUP BY ALL)
    SELECT sum((n - expected) ^ 2 / expected) AS chi2
    FROM (SELECT n, sum(n) OVER () / 10 AS expected FROM deciles)`);
  return Number(r.chi2);
}

describe('RANDOM_MACROS', () => {
  it('makes draws with different salts independent', async () => {
    const key = 'mix(hash(1), i)';
    expect(await conditionalChiSquare(`u(${key}, 'event_type')`, `u(${key}, 'category')`)).toBeLessThan(21.7);
    expect(await conditionalChiSquare(`u(${key}, 'amount')`, `u(${key}, 'event_time')`)).toBeLessThan(21.7);
  });

  it('makes the same draw under different seeds independent', async () => {
    expect(await conditionalChiSquare(`u(mix(hash(1), i), 'x')`, `u(mix(hash(2), i), 'x')`)).toBeLessThan(21.7);
  });

  it('draws uniforms in [0, 1) and standard normals', async () => {
    const r = await queryWithMacros(`
      SELECT min(u(i::UBIGINT, 's')) >= 0 AND max(u(i::UBIGINT, 's')) < 1 AS in_range,
             avg(z(i::UBIGINT, 's')) AS mean, stddev_pop(z(i::UBIGINT, 's')) AS sd
      FROM range(200000) AS t(i)`);
    expect(r.in_range).toBe(true);
    expect(Math.abs(Number(r.mean))).toBeLessThan(0.01);
    expect(Math.abs(Number(r.sd) - 1)).toBeLessThan(0.01);
  });
});
