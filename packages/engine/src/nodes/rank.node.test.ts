import { describe, expect, it } from 'vitest';
import { analyzeWorkflow } from '../validate/index.ts';
import { MODES, runTiny } from '../../test/tiny-run.ts';
import { chain, doc, facts, node, output, source } from '../../test/workflow-builders.ts';

// Ties (2 and 3), a null (5) and two groups (x, y).
const FILES = { 'c.csv': 'id,v,g\n1,10,x\n2,20,x\n3,20,y\n4,30,y\n5,,x' };

const ranked = (config: Record<string, unknown>) =>
  doc([source('c'), node('r', 'rank', { as: 'rank', by: 'v', ...config }), output('out')], chain('c', 'r', 'out'));

async function ranks(config: Record<string, unknown>, files: Record<string, string> = FILES, mode: (typeof MODES)[number] = MODES[0]) {
  const run = await runTiny(ranked(config), files, { mode: mode[0], partitions: mode[1] });
  expect(run.state?.status).toBe('succeeded');
  return run.byKey('out', 'rank');
}

describe('rank: type inference', () => {
  it('adds a number for percent_rank and an integer for ntile', () => {
    const sources = { c: facts({ id: 'integer', v: 'number', g: 'string' }) };
    const pct = analyzeWorkflow(ranked({ fn: 'percent_rank' }), { sources });
    const tile = analyzeWorkflow(ranked({ fn: 'ntile', buckets: 4 }), { sources });
    expect(pct.problems).toEqual([]);
    expect(pct.schemas.get('r')!.columns.at(-1)).toEqual({ name: 'rank', type: 'number', origin: 'r' });
    expect(tile.schemas.get('r')!.columns.at(-1)).toEqual({ name: 'rank', type: 'integer', origin: 'r' });
  });

  it('reports a partitionBy column that does not exist', () => {
    const problems = analyzeWorkflow(ranked({ fn: 'percent_rank', partitionBy: 'country' }), { sources: { c: facts({ id: 'integer', v: 'number' }) } }).problems;
    expect(problems).toEqual([expect.objectContaining({ code: 'unknown_field', nodeId: 'r', field: 'country' })]);
  });
});

describe('rank: percent_rank', () => {
  it.each(MODES)('is (r-1)/(n-1) over the non-null values, ties sharing a rank, nulls unranked (%s, %i)', async (mode, partitions) => {
    expect(await ranks({ fn: 'percent_rank' }, FILES, [mode, partitions])).toEqual({ 1: 0, 2: 1 / 3, 3: 1 / 3, 4: 1, 5: null });
  });

  it('counts from the top with descending', async () => {
    expect(await ranks({ fn: 'percent_rank', descending: true })).toEqual({ 1: 1, 2: 1 / 3, 3: 1 / 3, 4: 0, 5: null });
  });

  it('is 0 when there is one value', async () => {
    expect(await ranks({ fn: 'percent_rank' }, { 'c.csv': 'id,v\n1,\n2,7\n3,' })).toEqual({ 1: null, 2: 0, 3: null });
  });

  it('ranks within each group with partitionBy', async () => {
    expect(await ranks({ fn: 'percent_rank', partitionBy: 'g' })).toEqual({ 1: 0, 2: 1, 3: 0, 4: 1, 5: null });
  });
});

describe('rank: ntile', () => {
  it.each(MODES)('splits the non-null values into buckets, ties broken by key (%s, %i)', async (mode, partitions) => {
    expect(await ranks({ fn: 'ntile', buckets: 2 }, FILES, [mode, partitions])).toEqual({ 1: 1, 2: 1, 3: 2, 4: 2, 5: null });
  });

  it('breaks ties by key whatever the file order, ascending or descending', async () => {
    const files = { 'c.csv': 'id,v\n4,5\n2,5\n3,5\n1,5' };
    expect(await ranks({ fn: 'ntile', buckets: 2 }, files)).toEqual({ 1: 1, 2: 1, 3: 2, 4: 2 });
    expect(await ranks({ fn: 'ntile', buckets: 2, descending: true }, files)).toEqual({ 1: 1, 2: 1, 3: 2, 4: 2 });
  });

  it('puts the larger buckets first when the rows do not divide evenly', async () => {
    expect(await ranks({ fn: 'ntile', buckets: 3 })).toEqual({ 1: 1, 2: 1, 3: 2, 4: 3, 5: null });
    expect(await ranks({ fn: 'ntile', buckets: 3, descending: true })).toEqual({ 4: 1, 2: 1, 3: 2, 1: 3, 5: null });
  });

  it('numbers buckets within each group with partitionBy', async () => {
    expect(await ranks({ fn: 'ntile', buckets: 2, partitionBy: 'g' })).toEqual({ 1: 1, 2: 2, 3: 1, 4: 2, 5: null });
  });

  it.each(MODES)('ranks everyone together even when the rows upstream run in partitions (%s, %i)', async (mode, partitions) => {
    const rows = Array.from({ length: 40 }, (_, i) => `${i + 1},${(i * 7) % 13}`);
    const document = doc(
      [source('c'), node('f', 'filter', { condition: { combinator: 'and', rules: [{ field: 'v', operator: '>=', value: 0 }] } }),
        node('r', 'rank', { as: 'rank', fn: 'ntile', buckets: 4, by: 'v' }), output('out')],
      chain('c', 'f', 'r', 'out'),
    );
    const run = await runTiny(document, { 'c.csv': `id,v\n${rows.join('\n')}` }, { mode, partitions });
    const buckets = Object.values(run.byKey('out', 'rank')) as number[];
    expect([1, 2, 3, 4].map((b) => buckets.filter((x) => x === b).length)).toEqual([10, 10, 10, 10]);
  });
});
