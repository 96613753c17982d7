import { describe, expect, it } from 'vitest';
import { analyzeWorkflow } from '../validate/index.ts';
import { MODES, readJsonLines, runTiny, writeFiles } from '../../test/tiny-run.ts';
import { runIn } from '../../test/run-helpers.ts';
import { openDatabase } from '../duckdb/database.ts';
import { chain, doc, edge, EVENT_COLUMNS, events, facts, node, output, source } from '../../test/workflow-builders.ts';

// As of 2022-06-30. Customer 1: three events, two tied on 06-20, one after the
// as-of date; customer 2: two events tied on 2022-01-01; customer 3: none;
// customer 4: only an event after the as-of date.
const FILES = {
  'c.csv': 'id,name\n1,ann\n2,bob\n3,cy\n4,di',
  'ev.csv': `id,ts,amount,qty,category
1,2022-06-01,10.5,1,a
1,2022-06-20,20,2,b
1,2022-06-20,5,3,a
1,2022-07-05,1000,9,z
2,2022-01-01,9,1,d
2,2022-01-01,7,1,c
4,2022-07-01,50,1,a`,
};

const where = (...rules: unknown[]) => ({ combinator: 'and', rules });

/** Every aggregate, by the column it makes. */
const AGGREGATES: Record<string, Record<string, unknown>> = {
  n: { fn: 'count' },
  spend: { fn: 'sum', column: 'amount' },
  units: { fn: 'sum', column: 'qty' },
  avg_amount: { fn: 'avg', column: 'amount' },
  min_amount: { fn: 'min', column: 'amount' },
  max_amount: { fn: 'max', column: 'amount' },
  min_category: { fn: 'min', column: 'category' },
  last_day: { fn: 'max', column: 'ts' },
  first_amount: { fn: 'first', column: 'amount' },
  last_amount: { fn: 'last', column: 'amount' },
  first_category: { fn: 'first', column: 'category' },
  last_category: { fn: 'last', column: 'category' },
  recency: { fn: 'days_since_last' },
  tenure: { fn: 'days_since_first' },
  n_10d: { fn: 'count', withinDays: 10 },
  n_28d: { fn: 'count', withinDays: 28 },
  n_29d: { fn: 'count', withinDays: 29 },
  n_a: { fn: 'count', where: where({ field: 'category', operator: '=', value: 'a' }) },
  spend_a_10d: { fn: 'sum', column: 'amount', withinDays: 10, where: where({ field: 'category', operator: '=', value: 'a' }) },
  avg_big: { fn: 'avg', column: 'amount', where: where({ field: 'amount', operator: '>', value: 100 }) },
};

function aggregates(): ReturnType<typeof doc> {
  const names = Object.keys(AGGREGATES);
  return doc(
    [source('c'), events('ev'), ...names.map((as) => node(`a_${as}`, 'aggregate', { as, ...AGGREGATES[as] })), output('out')],
    [...chain('c', ...names.map((as) => `a_${as}`), 'out'), ...names.map((as) => edge('ev', `a_${as}`, 'events'))],
  );
}

const EXPECTED: Record<string, Record<string, unknown>> = {
  // count and sum are 0 without events; every other function is null.
  n: { 1: 3, 2: 2, 3: 0, 4: 0 },
  spend: { 1: 35.5, 2: 16, 3: 0, 4: 0 },
  units: { 1: 6, 2: 2, 3: 0, 4: 0 },
  avg_amount: { 1: 35.5 / 3, 2: 8, 3: null, 4: null },
  min_amount: { 1: 5, 2: 7, 3: null, 4: null },
  // The 1000 of 2022-07-05 is after the as-of date.
  max_amount: { 1: 20, 2: 9, 3: null, 4: null },
  min_category: { 1: 'a', 2: 'c', 3: null, 4: null },
  last_day: { 1: '2022-06-20', 2: '2022-01-01', 3: null, 4: null },
  // Ties on the timestamp are ordered by the remaining columns.
  first_amount: { 1: 10.5, 2: 7, 3: null, 4: null },
  last_amount: { 1: 20, 2: 9, 3: null, 4: null },
  first_category: { 1: 'a', 2: 'c', 3: null, 4: null },
  last_category: { 1: 'b', 2: 'd', 3: null, 4: null },
  recency: { 1: 10, 2: 180, 3: null, 4: null },
  tenure: { 1: 29, 2: 180, 3: null, 4: null },
  // withinDays N keeps the same window as withinLastDays N: both ends included.
  n_10d: { 1: 2, 2: 0, 3: 0, 4: 0 },
  n_28d: { 1: 2, 2: 0, 3: 0, 4: 0 },
  n_29d: { 1: 3, 2: 0, 3: 0, 4: 0 },
  n_a: { 1: 2, 2: 0, 3: 0, 4: 0 },
  spend_a_10d: { 1: 5, 2: 0, 3: 0, 4: 0 },
  avg_big: { 1: null, 2: null, 3: null, 4: null },
};

describe('aggregate: type inference', () => {
  it('makes one new column per node, typed by its function and column', () => {
    const analysis = analyzeWorkflow(aggregates(), { sources: { c: facts({ id: 'integer', name: 'string' }), ev: facts({ ...EVENT_COLUMNS, ts: 'date' }) } });
    expect(analysis.problems).toEqual([]);
    const columns = analysis.schemas.get('out')!.columns;
    expect(columns.map((c) => c.name)).toEqual(['id', 'name', ...Object.keys(AGGREGATES)]);
    const types = Object.fromEntries(columns.map((c) => [c.name, c.type]));
    expect(types).toMatchObject({
      n: 'integer', spend: 'number', units: 'integer', avg_amount: 'number', min_amount: 'number', max_amount: 'number',
      min_category: 'string', last_day: 'date', first_amount: 'number', last_category: 'string', recency: 'integer', tenure: 'integer',
      n_10d: 'integer', spend_a_10d: 'number',
    });
    expect(columns.find((c) => c.name === 'spend')!.origin).toBe('a_spend');
  });

  it('reports customer and event keys of different types', () => {
    const problems = analyzeWorkflow(
      doc([source('c'), events('ev'), node('a', 'aggregate', { as: 'n', fn: 'count' }), output('out')], [...chain('c', 'a', 'out'), edge('ev', 'a', 'events')]),
      { sources: { c: facts({ id: 'string' }), ev: facts(EVENT_COLUMNS) } },
    ).problems;
    expect(problems).toEqual([expect.objectContaining({ code: 'type_mismatch', nodeId: 'a' })]);
  });

  it('reports a where rule typed against the events', () => {
    const problems = analyzeWorkflow(
      doc([source('c'), events('ev'), node('a', 'aggregate', { as: 'n', fn: 'count', where: where({ field: 'amount', operator: '>', value: 'lots' }) }), output('out')],
        [...chain('c', 'a', 'out'), edge('ev', 'a', 'events')]),
      { sources: { c: facts({ id: 'integer' }), ev: facts(EVENT_COLUMNS) } },
    ).problems;
    expect(problems).toEqual([expect.objectContaining({ code: 'type_mismatch', nodeId: 'a', field: 'amount' })]);
  });
});

describe('aggregate: results as of 2022-06-30', () => {
  it.each(MODES)('every function gives the expected value per customer (%s, %i partitions)', async (mode, partitions) => {
    const run = await runTiny(aggregates(), FILES, { mode, partitions });
    expect(run.state?.status).toBe('succeeded');
    for (const [column, expected] of Object.entries(EXPECTED)) {
      const got = run.byKey('out', column);
      for (const [key, value] of Object.entries(expected)) {
        if (typeof value === 'number') expect(got[key], `${column} of ${key}`).toBeCloseTo(value, 9);
        else expect(got[key], `${column} of ${key}`).toEqual(value);
      }
    }
  });

  it('counts events by their UTC date: the last second of the as-of day is in, the first of the next is out', async () => {
    const run = await runTiny(
      doc([source('c'), events('ev'), node('n', 'aggregate', { as: 'n', fn: 'count', withinDays: 30 }),
        node('r', 'aggregate', { as: 'recency', fn: 'days_since_last' }), output('out')],
        [...chain('c', 'n', 'r', 'out'), edge('ev', 'n', 'events'), edge('ev', 'r', 'events')]),
      {
        'c.csv': 'id\n1\n2\n3',
        'ev.csv': `id,ts,amount
1,2022-06-30 23:59:59,1
1,2022-07-01 00:00:00,100
2,2022-05-31 00:00:00,2
2,2022-05-30 23:59:59,200
3,2022-06-30T23:30:00-02:00,7
3,2022-07-01T01:00:00+02:00,8`,
      },
    );
    expect(run.byKey('out', 'n')).toEqual({ 1: 1, 2: 1, 3: 1 });
    expect(run.byKey('out', 'recency')).toEqual({ 1: 0, 2: 30, 3: 0 });
  });

  it('gives the same sum whatever the partitioning, for amounts that do not add up exactly in binary', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => `${1 + (i % 3)},2022-06-${String(1 + (i % 28)).padStart(2, '0')},${[0.1, 0.2, 0.3, 1e-9, 12345.67][i % 5]}`);
    const files = { 'c.csv': 'id\n1\n2\n3', 'ev.csv': `id,ts,amount\n${rows.join('\n')}` };
    const document = doc([source('c'), events('ev'), node('s', 'aggregate', { as: 'spend', fn: 'sum', column: 'amount' }),
      node('v', 'aggregate', { as: 'mean', fn: 'avg', column: 'amount' }), output('out', { destination: { type: 'csv', path: 'out.csv' } })],
    [...chain('c', 's', 'v', 'out'), edge('ev', 's', 'events'), edge('ev', 'v', 'events')]);
    const texts = new Set<string>();
    for (const [mode, partitions] of [...MODES, ['hybrid', 5] as const]) {
      const run = await runTiny(document, files, { mode, partitions });
      const { readFileSync } = await import('node:fs');
      texts.add(readFileSync(run.state!.segments.out.path, 'utf8'));
    }
    expect(texts.size).toBe(1);
  });

  it('sums DECIMAL columns of a Parquet file exactly, as the same values read as text', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => `${1 + (i % 3)},2022-06-${String(1 + (i % 28)).padStart(2, '0')},${[0.1, 0.2, 0.3, 0.07, 12345.67][i % 5]}`);
    const dataDir = writeFiles({ 'c.csv': 'id\n1\n2\n3', 'ev.csv': `id,ts,amount\n${rows.join('\n')}` });
    // The same events as a Parquet file whose amount is DECIMAL(10, 2), written by DuckDB itself.
    const database = await openDatabase();
    const connection = await database.connect();
    await connection.run(`COPY (SELECT id, CAST(ts AS DATE) AS ts, CAST(amount AS DECIMAL(10, 2)) AS amount FROM read_csv('${dataDir}/ev.csv')) TO '${dataDir}/ev.parquet' (FORMAT parquet)`);
    connection.closeSync();
    database.close();
    const spend = async (format: string, path: string) => {
      const document = doc([source('c'), events('ev', { format, path }), node('s', 'aggregate', { as: 'spend', fn: 'sum', column: 'amount' }),
        node('v', 'aggregate', { as: 'mean', fn: 'avg', column: 'amount' }), output('out')], [...chain('c', 's', 'v', 'out'), edge('ev', 's', 'events'), edge('ev', 'v', 'events')]);
      const run = await runIn(document, { dataDir, asOf: '2022-06-30' });
      return readJsonLines(run.state!.segments.out.path);
    };
    const fromParquet = await spend('parquet', 'ev.parquet');
    expect(fromParquet).toEqual(await spend('csv', 'ev.csv'));
    expect(Object.fromEntries(fromParquet.map((r) => [r.id, r.spend]))).toEqual({ 1: 49385.36, 2: 49385.36, 3: 49385.36 });
  });
});
