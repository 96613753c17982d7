import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, queryRows } from '../duckdb/database.ts';
import { sql } from '../sql/sql.ts';
import { analyzeWorkflow } from '../validate/index.ts';
import { MODES, runTiny } from '../../test/tiny-run.ts';
import { chain, doc, edge, facts, filter, output, rule, source } from '../../test/workflow-builders.ts';

const FILES = { 'c.csv': 'id,name,score,signup\n3,cy,3.5,2022-03-01\n1,ann,1.5,2022-01-01\n2,bob,,2022-02-01' };
const SOURCES = { c: facts({ id: 'integer', name: 'string', score: 'number', signup: 'date' }) };
const single = (config: Record<string, unknown>) => doc([source('c'), output('out', config)], chain('c', 'out'));

async function readBack(path: string, type: string): Promise<Record<string, unknown>[]> {
  const db = await openDatabase();
  const connection = await db.connect();
  try {
    const reader = type === 'csv' ? sql`read_csv(${path})` : type === 'parquet' ? sql`read_parquet(${path})` : sql`read_json(${path})`;
    return await queryRows(connection, sql`SELECT * FROM ${reader}`);
  } finally {
    connection.closeSync();
    db.close();
  }
}

describe('output: columns', () => {
  it('delivers the key first, then the chosen fields in their order, without repeating the key', () => {
    const analysis = analyzeWorkflow(single({ fields: ['score', 'id', 'name'] }), { sources: SOURCES });
    expect(analysis.problems).toEqual([]);
    expect(analysis.schemas.get('out')!.columns.map((c) => c.name)).toEqual(['id', 'score', 'name']);
  });

  it('delivers every column without fields', () => {
    expect(analyzeWorkflow(single({}), { sources: SOURCES }).schemas.get('out')!.columns.map((c) => c.name)).toEqual(['id', 'name', 'score', 'signup']);
  });

  it('reports a field that does not reach the output', () => {
    expect(analyzeWorkflow(single({ fields: ['email'] }), { sources: SOURCES }).problems).toEqual([
      expect.objectContaining({ code: 'unknown_field', nodeId: 'out', field: 'email' }),
    ]);
  });
});

describe('output: files', () => {
  it.each(['csv', 'parquet', 'json'])('writes a %s file, sorted by key, that reads back with the same rows', async (type) => {
    const run = await runTiny(single({ fields: ['name', 'score', 'signup'], destination: { type, path: `deep/er/out.${type}` } }), FILES);
    const segment = run.state!.segments.out;
    expect(segment.count).toBe(3);
    expect(segment.path.endsWith(`deep/er/out.${type}`)).toBe(true);
    const rows = await readBack(segment.path, type);
    expect(rows.map((r) => [Number(r.id), r.name, r.score === null ? null : Number(r.score), String(r.signup)])).toEqual([
      [1, 'ann', 1.5, '2022-01-01'], [2, 'bob', null, '2022-02-01'], [3, 'cy', 3.5, '2022-03-01'],
    ]);
    // Only the segment is left in the folder: no partial files.
    expect(readdirSync(dirname(segment.path))).toEqual([`out.${type}`]);
  });

  it('writes json as one object per line', async () => {
    const run = await runTiny(single({ fields: ['name'], destination: { type: 'json', path: 'o.json' } }), FILES);
    expect(readFileSync(run.state!.segments.out.path, 'utf8').trim().split('\n').map((l) => JSON.parse(l))).toEqual([
      { id: 1, name: 'ann' }, { id: 2, name: 'bob' }, { id: 3, name: 'cy' },
    ]);
  });

  it.each(MODES)('writes the same csv bytes in every mode (%s, %i)', async (mode, partitions) => {
    const document = doc([source('c'), filter('f', rule('id', '>', 0)), output('out', { destination: { type: 'csv', path: 'o.csv' } })], chain('c', 'f', 'out'));
    const run = await runTiny(document, FILES, { mode, partitions });
    expect(readFileSync(run.state!.segments.out.path, 'utf8')).toBe('id,name,score,signup\n1,ann,1.5,2022-01-01\n2,bob,,2022-02-01\n3,cy,3.5,2022-03-01\n');
  });
});

describe('output: expected segment size', () => {
  it('warns when the segment is outside the range, and still delivers it', async () => {
    const run = await runTiny(single({ expect: { min: 5 } }), FILES);
    const out = run.state!.nodes.out;
    expect(out.status).toBe('warning');
    expect(out.problems).toEqual([expect.objectContaining({ code: 'segment_size', severity: 'warning', nodeId: 'out' })]);
    expect(out.problems[0].message).toBe('Segment "out" has 3 customers, under the expected minimum of 5.');
    expect(run.state!.status).toBe('succeeded');
    expect(existsSync(run.state!.segments.out.path)).toBe(true);
  });

  it('succeeds inside the range, both ends included', async () => {
    const run = await runTiny(single({ expect: { min: 3, max: 3 } }), FILES);
    expect(run.state!.nodes.out).toMatchObject({ status: 'succeeded', problems: [] });
  });

  it('fails with enforce: no file is written and the run, having delivered nothing, fails', async () => {
    const run = await runTiny(single({ expect: { max: 2, enforce: true } }), FILES);
    const out = run.state!.nodes.out;
    expect(out.status).toBe('failed');
    expect(out.problems).toEqual([expect.objectContaining({ code: 'segment_size', nodeId: 'out', message: 'Segment "out" has 3 customers, over the expected maximum of 2: nothing was delivered.' })]);
    expect(run.state!.status).toBe('failed');
    expect(run.state!.segments).toEqual({});
    expect(existsSync(`${run.out}/out.json`)).toBe(false);
    expect(readdirSync(run.out)).toEqual([]);
  });

  it('makes the run partial when another output is delivered', async () => {
    const document = doc(
      [source('c'), output('small', { expect: { max: 1, enforce: true } }), output('all')],
      [edge('c', 'small'), edge('c', 'all')],
    );
    const run = await runTiny(document, FILES);
    expect(run.state!.status).toBe('partial');
    expect(Object.keys(run.state!.segments)).toEqual(['all']);
    expect(run.state!.nodes.all.status).toBe('succeeded');
  });
});
