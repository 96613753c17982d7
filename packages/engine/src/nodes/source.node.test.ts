import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { execute, openDatabase } from '../duckdb/database.ts';
import { checkWorkflow } from '../duckdb/run-workflow.ts';
import { sql } from '../sql/sql.ts';
import { analyzeWorkflow } from '../validate/index.ts';
import { MODES, runTiny, writeFiles } from '../../test/tiny-run.ts';
import { chain, doc, edge, events, facts, node, output, source } from '../../test/workflow-builders.ts';

// Key 2 three times (updated_at out of file order), one empty key and one blank key.
const PROFILES = `id,name,updated_at
1,ann,2022-01-01
2,bob-a,2022-03-01
,nobody,2022-01-01
2,bob-b,2022-05-01
3,cy,2022-01-01
2,bob-c,2022-04-01
 ,blank,2022-01-01`;

const profilesDoc = (config: Record<string, unknown> = {}) => doc([source('c', config), output('out')], chain('c', 'out'));
const sourceStatus = (run: Awaited<ReturnType<typeof runTiny>>) => run.state!.nodes.c;

describe('source: columns', () => {
  it('gives the file\'s columns, made by the source node', () => {
    const analysis = analyzeWorkflow(profilesDoc(), { sources: { c: facts({ id: 'integer', name: 'string', updated_at: 'date' }) } });
    expect(analysis.problems).toEqual([]);
    expect(analysis.schemas.get('c')).toEqual({
      kind: 'population', key: 'id',
      columns: [{ name: 'id', type: 'integer', origin: 'c' }, { name: 'name', type: 'string', origin: 'c' }, { name: 'updated_at', type: 'date', origin: 'c' }],
    });
  });

  it('overrides only the columns named in `columns`, read from the file through checkWorkflow', async () => {
    const dir = writeFiles({ 'c.csv': 'id,code,signup,score\n1,007,03/02/2022,1.5\n2,010,31/12/2021,2' });
    const analysis = await checkWorkflow(profilesDoc({ columns: { code: { type: 'string' }, signup: { type: 'date', format: '%d/%m/%Y' } } }), {
      resolvePath: (p) => join(dir, p),
    });
    expect(analysis.problems).toEqual([]);
    expect(analysis.schemas.get('c')!.columns.map((c) => [c.name, c.type])).toEqual([['id', 'integer'], ['code', 'string'], ['signup', 'date'], ['score', 'number']]);
  });

  it('reports an override of a column the file lacks, a dedupe order column it lacks, and a key of the wrong type', () => {
    const sources = { c: facts({ id: 'date', name: 'string' }) };
    const problems = analyzeWorkflow(profilesDoc({ columns: { nope: { type: 'string' } }, dedupe: { keep: 'last', orderBy: 'ghost' } }), { sources }).problems;
    expect(problems.map((p) => `${p.code}:${p.field}`).sort()).toEqual(['type_mismatch:id', 'unknown_field:ghost', 'unknown_field:nope']);
  });
});

describe('source: reading and data quality', () => {
  it.each(MODES)('drops empty keys, keeps the first row of a repeated key, and warns about both (%s, %i)', async (mode, partitions) => {
    const run = await runTiny(profilesDoc(), { 'c.csv': PROFILES }, { mode, partitions });
    // The blank key makes the id column text.
    expect(run.rows('out').map((r) => [String(r.id), r.name])).toEqual([['1', 'ann'], ['2', 'bob-a'], ['3', 'cy']]);
    expect(sourceStatus(run).status).toBe('warning');
    expect(sourceStatus(run).rows).toBe(3);
    expect(sourceStatus(run).problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ code: 'missing_key', severity: 'warning', nodeId: 'c', message: expect.stringContaining('2') }),
      expect.objectContaining({ code: 'duplicate_key', severity: 'warning', nodeId: 'c', message: expect.stringContaining('2') }),
    ]));
    // Warnings do not fail the node or the run.
    expect(run.state!.status).toBe('succeeded');
  });

  it('keeps the last row in the file with dedupe keep last', async () => {
    const run = await runTiny(profilesDoc({ dedupe: { keep: 'last' } }), { 'c.csv': PROFILES });
    expect(run.byKey('out', 'name')).toEqual({ 1: 'ann', 2: 'bob-c', 3: 'cy' });
  });

  it('keeps the row first or last by orderBy', async () => {
    const last = await runTiny(profilesDoc({ dedupe: { keep: 'last', orderBy: 'updated_at' } }), { 'c.csv': PROFILES });
    expect(last.byKey('out', 'name')).toEqual({ 1: 'ann', 2: 'bob-b', 3: 'cy' });
    const first = await runTiny(profilesDoc({ dedupe: { keep: 'first', orderBy: 'updated_at' } }), { 'c.csv': PROFILES });
    expect(first.byKey('out', 'name')).toEqual({ 1: 'ann', 2: 'bob-a', 3: 'cy' });
  });

  it('succeeds without warnings on clean data', async () => {
    const run = await runTiny(profilesDoc(), { 'c.csv': 'id,name\n1,a\n2,b' });
    expect(sourceStatus(run)).toMatchObject({ status: 'succeeded', rows: 2, problems: [] });
  });

  it('reads declared types, warns about values that do not fit and leaves them empty', async () => {
    const run = await runTiny(
      profilesDoc({ columns: { signup: { type: 'date', format: '%d/%m/%Y' }, score: { type: 'integer' } } }),
      { 'c.csv': 'id,signup,score\n1,03/02/2022,5\n2,31/12/2021,x\n3,not a date,7\n4,,' },
    );
    expect(run.byKey('out', 'signup')).toEqual({ 1: '2022-02-03', 2: '2021-12-31', 3: null, 4: null });
    expect(run.byKey('out', 'score')).toEqual({ 1: 5, 2: null, 3: 7, 4: null });
    expect(sourceStatus(run).problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ code: 'invalid_value', field: 'signup', severity: 'warning' }),
      expect.objectContaining({ code: 'invalid_value', field: 'score', severity: 'warning' }),
    ]));
  });

  it('reads a custom delimiter', async () => {
    const run = await runTiny(profilesDoc({ delimiter: ';' }), { 'c.csv': 'id;name\n1;a,b\n2;c' });
    expect(run.byKey('out', 'name')).toEqual({ 1: 'a,b', 2: 'c' });
  });

  it('reads json (one object per line) and parquet files', async () => {
    const dir = writeFiles({ 'c.json': '{"id": 1, "name": "a"}\n{"id": 2, "name": "b"}\n{"id": null, "name": "x"}' });
    const db = await openDatabase();
    const connection = await db.connect();
    await execute(connection, sql`COPY (SELECT * FROM (VALUES (1, 'p'), (2, 'q'), (2, 'r')) AS v(id, name)) TO ${join(dir, 'c.parquet')} (FORMAT parquet)`);
    connection.closeSync();
    db.close();
    const { runIn } = await import('../../test/run-helpers.ts');
    const { readJsonLines } = await import('../../test/tiny-run.ts');
    const json = await runIn(profilesDoc({ format: 'json', path: 'c.json' }), { dataDir: dir, mode: 'sequential' });
    expect(readJsonLines(json.state!.segments.out.path)).toEqual([{ id: 1, name: 'a' }, { id: 2, name: 'b' }]);
    expect(json.state!.nodes.c.problems).toEqual([expect.objectContaining({ code: 'missing_key' })]);
    const parquet = await runIn(profilesDoc({ format: 'parquet', path: 'c.parquet' }), { dataDir: dir, mode: 'sequential' });
    expect(readJsonLines(parquet.state!.segments.out.path)).toEqual([{ id: 1, name: 'p' }, { id: 2, name: 'q' }]);
  });
});

describe('events: reading', () => {
  const eventsDoc = doc(
    [source('c'), events('ev'), node('n', 'aggregate', { as: 'n', fn: 'count' }), output('out')],
    [...chain('c', 'n', 'out'), edge('ev', 'n', 'events')],
  );

  it('keeps repeated rows (events are never deduplicated) and drops rows without a key, with a warning', async () => {
    const run = await runTiny(eventsDoc, {
      'c.csv': 'id\n1\n2',
      'ev.csv': 'id,ts\n1,2022-01-01\n1,2022-01-01\n1,2022-01-01\n,2022-01-01\n2,2022-02-01',
    });
    expect(run.byKey('out', 'n')).toEqual({ 1: 3, 2: 1 });
    expect(run.state!.nodes.ev).toMatchObject({ status: 'warning', rows: 4 });
    expect(run.state!.nodes.ev.problems).toEqual([expect.objectContaining({ code: 'missing_key', nodeId: 'ev' })]);
  });

  it('reports a time column that is missing or not a date', () => {
    const missing = analyzeWorkflow(eventsDoc, { sources: { c: facts({ id: 'integer' }), ev: facts({ id: 'integer', when: 'date' }) } }).problems;
    expect(missing).toEqual([expect.objectContaining({ code: 'unknown_field', nodeId: 'ev', field: 'ts' })]);
    const text = analyzeWorkflow(eventsDoc, { sources: { c: facts({ id: 'integer' }), ev: facts({ id: 'integer', ts: 'string' }) } }).problems;
    expect(text).toEqual([expect.objectContaining({ code: 'type_mismatch', nodeId: 'ev', field: 'ts' })]);
  });

  it('reads a time column declared as a timestamp by the UTC instant of values with an offset', async () => {
    const document = doc(
      [source('c'), events('ev', { columns: { ts: { type: 'timestamp' } } }), node('n', 'aggregate', { as: 'n', fn: 'count' }),
        node('d', 'aggregate', { as: 'recency', fn: 'days_since_last' }), output('out')],
      [...chain('c', 'n', 'd', 'out'), edge('ev', 'n', 'events'), edge('ev', 'd', 'events')],
    );
    // 2022-06-30T23:30:00-02:00 is 2022-07-01 01:30 UTC: after the as-of date, so not counted.
    // 2022-07-01T01:00:00+02:00 is 2022-06-30 23:00 UTC: on the as-of date.
    const run = await runTiny(document, { 'c.csv': 'id\n1\n2', 'ev.csv': 'id,ts\n1,2022-06-30T23:30:00-02:00\n2,2022-07-01T01:00:00+02:00' });
    expect(run.byKey('out', 'n')).toEqual({ 1: 0, 2: 1 });
    expect(run.byKey('out', 'recency')).toEqual({ 1: null, 2: 0 });
  });

  it('accepts a text time column declared as a timestamp with a format', async () => {
    const document = doc(
      [source('c'), events('ev', { columns: { ts: { type: 'timestamp', format: '%d/%m/%Y %H:%M' } } }),
        node('n', 'aggregate', { as: 'recency', fn: 'days_since_last' }), output('out')],
      [...chain('c', 'n', 'out'), edge('ev', 'n', 'events')],
    );
    const run = await runTiny(document, { 'c.csv': 'id\n1', 'ev.csv': 'id,ts\n1,20/06/2022 13:45' });
    expect(run.byKey('out', 'recency')).toEqual({ 1: 10 });
  });
});
