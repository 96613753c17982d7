import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnType } from '../model/column.ts';
import { renderSql, sql, value } from '../sql/sql.ts';
import { compileCondition } from '../conditions/compile-condition.ts';
import { OPERATORS, type Condition, type ConditionGroup } from '../conditions/condition.ts';
import { compileRowTest } from './condition.ts';
import { dayOf, fromJson, parseDate, type Row } from './values.ts';

const AS_OF = '2024-03-01';
const TYPES: Record<string, ColumnType> = { n: 'integer', x: 'number', s: 'string', d: 'date', ts: 'timestamp', flag: 'boolean' };
const DATA: Record<string, unknown>[] = [
  { id: 1, n: 5, x: 2.5, s: 'a%b', d: '2024-02-01', ts: '2024-02-29T23:59:59Z', flag: true },
  { id: 2, n: -3, x: 100, s: 'Hello', d: '2024-03-01', ts: '2024-03-01T00:00:00Z', flag: false },
  { id: 3, n: null, x: null, s: null, d: null, ts: null, flag: null },
  { id: 4, n: 0, x: 0.1, s: '', d: '2023-03-02', ts: '2024-03-02T08:00:00Z', flag: true },
];
const ROWS: Row[] = DATA.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k === 'id' ? (v as number) : fromJson(v, TYPES[k])!])));
const VALUES: Record<ColumnType, unknown[]> = {
  integer: [5, -3, 0, 2, 2.5], number: [2.5, 0.1, 100, 3], string: ['a', 'Hello', '%', 'a%b', ''], boolean: [true, false],
  date: ['2024-02-01', '2024-03-01', '2023-01-01'], timestamp: ['2024-03-01T00:00:00Z', '2024-02-29T23:59:59Z', '2024-03-01'],
};
const FOR_TYPE: Record<ColumnType, readonly string[]> = {
  integer: ['=', '!=', '<', '<=', '>', '>=', 'in', 'notIn', 'between', 'notBetween', 'null', 'notNull'],
  number: ['=', '!=', '<', '<=', '>', '>=', 'in', 'notIn', 'between', 'notBetween', 'null', 'notNull'],
  string: ['=', '!=', '<', '>=', 'contains', 'doesNotContain', 'beginsWith', 'endsWith', 'in', 'notIn', 'null', 'notNull'],
  boolean: ['=', '!=', 'null', 'notNull'],
  date: ['=', '<', '>=', 'between', 'notBetween', 'withinLastDays', 'notWithinLastDays', 'in', 'null'],
  timestamp: ['=', '<', '>=', 'between', 'withinLastDays', 'notWithinLastDays', 'notNull'],
};

let instance: DuckDBInstance;
let connection: DuckDBConnection;
beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
  await connection.run(`SET TimeZone = 'UTC'; CREATE TABLE t (id INTEGER, n BIGINT, x DOUBLE, s VARCHAR, d DATE, ts TIMESTAMP, flag BOOLEAN)`);
  for (const r of DATA)
    await connection.run('INSERT INTO t VALUES ($1, $2, $3, $4, CAST($5 AS DATE), CAST(CAST($6 AS TIMESTAMPTZ) AS TIMESTAMP), $7)', [r.id, r.n, r.x, r.s, r.d, r.ts, r.flag] as never);
});
afterAll(() => {
  connection.closeSync();
  instance.closeSync();
});

const ruleArb = fc.constantFrom(...Object.keys(TYPES)).chain((field) => {
  const type = TYPES[field];
  return fc.record({
    field: fc.constant(field),
    operator: fc.constantFrom(...FOR_TYPE[type]) as fc.Arbitrary<(typeof OPERATORS)[number]>,
    pick: fc.array(fc.constantFrom(...VALUES[type]), { minLength: 2, maxLength: 3 }),
    days: fc.constantFrom(0, 1, 29, 365),
  }).map(({ field, operator, pick, days }): Condition => {
    if (operator === 'null' || operator === 'notNull') return { field, operator };
    if (operator === 'withinLastDays' || operator === 'notWithinLastDays') return { field, operator, value: days };
    if (operator === 'in' || operator === 'notIn') return { field, operator, value: pick };
    if (operator === 'between' || operator === 'notBetween') return { field, operator, value: pick.slice(0, 2) };
    return { field, operator, value: pick[0] };
  });
});
const groupArb: fc.Arbitrary<ConditionGroup> = fc.record({
  combinator: fc.constantFrom('and' as const, 'or' as const),
  not: fc.boolean(),
  rules: fc.array(fc.oneof(ruleArb, fc.record({ combinator: fc.constantFrom('and' as const, 'or' as const), not: fc.boolean(), rules: fc.array(ruleArb, { maxLength: 3 }) })), { maxLength: 4 }),
});

describe('conditions evaluated for one customer', () => {
  it('keep exactly the rows the SQL keeps, nulls, NOT and relative dates included', async () => {
    const types = new Map(Object.entries(TYPES));
    await fc.assert(
      fc.asyncProperty(groupArb, async (condition) => {
        const where = compileCondition(condition, { types, asOf: sql`CAST(${value(AS_OF)} AS DATE)` });
        const { text, params } = renderSql(sql`SELECT id FROM t WHERE ${where} ORDER BY id`);
        const kept = (await connection.runAndReadAll(text, params as never)).getRowObjectsJson().map((r) => Number(r.id));
        const test = compileRowTest(condition, { types, nodeId: 'f', traced: false });
        const env = { asOfDay: dayOf(parseDate(AS_OF)!), profiles: {}, events: {} };
        expect(ROWS.filter((r) => test(r, env)).map((r) => r.id), JSON.stringify(condition)).toEqual(kept);
      }),
      { numRuns: 500 },
    );
  });
});
