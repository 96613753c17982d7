import { describe, expect, it } from 'vitest';
import { analyzeWorkflow } from '../validate/index.ts';
import { MODES, runTiny } from '../../test/tiny-run.ts';
import { doc, edge, facts, node, output, source } from '../../test/workflow-builders.ts';

const FILES = {
  'c.csv': 'id,name,country,score\n1,ann,FR,10\n2,bob,US,20\n3,cy,FR,30\n4,di,JP,40\n5,ed,US,50\n6,fi,DE,60',
  // Keyed by cid: the same customers, another name for the key.
  'extra.csv': 'cid,tier,score\n1,gold,100\n3,silver,300\n5,bronze,500\n99,none,990',
  // Keyed by code, with FR twice: a lookup on country must not double the French.
  'countries.csv': 'code,country,region,cc\n2,FR,Europe-2,FR\n1,FR,Europe,FR\n3,US,Americas,US\n4,JP,Asia,JP',
};

function lookupDoc(config: Record<string, unknown>, lookupSource: ReturnType<typeof source>) {
  return doc(
    [source('c'), lookupSource, node('l', 'lookup', config), output('out')],
    [edge('c', 'l'), edge(lookupSource.id, 'l', 'lookup'), edge('l', 'out')],
  );
}
const extra = source('extra', { key: 'cid' });
const countries = source('countries', { key: 'code' });

describe('lookup: type inference', () => {
  const sources = {
    c: facts({ id: 'integer', name: 'string', country: 'string', score: 'integer' }),
    extra: facts({ cid: 'integer', tier: 'string', score: 'number' }),
    countries: facts({ code: 'integer', country: 'string', region: 'string', cc: 'string' }),
  };
  const analyze = (config: Record<string, unknown>, from = extra) => analyzeWorkflow(lookupDoc(config, from), { sources });

  it('adds the fields with the lookup\'s types, made by the lookup node', () => {
    const analysis = analyze({ fields: ['tier'] });
    expect(analysis.problems).toEqual([]);
    expect(analysis.schemas.get('l')!.columns.map((c) => [c.name, c.type, c.origin])).toEqual([
      ['id', 'integer', 'c'], ['name', 'string', 'c'], ['country', 'string', 'c'], ['score', 'integer', 'c'], ['tier', 'string', 'l'],
    ]);
  });

  it('with keep_lookup, replaces the column with the lookup\'s (type and origin)', () => {
    const analysis = analyze({ fields: ['score'], conflict: 'keep_lookup' });
    expect(analysis.schemas.get('l')!.columns.find((c) => c.name === 'score')).toEqual({ name: 'score', type: 'number', origin: 'l' });
    const keepIn = analyze({ fields: ['score'], conflict: 'keep_in' });
    expect(keepIn.schemas.get('l')!.columns.find((c) => c.name === 'score')).toEqual({ name: 'score', type: 'integer', origin: 'c' });
  });

  it('reports a field the lookup table lacks and match columns that do not exist or do not match', () => {
    expect(analyze({ fields: ['colour'] }).problems).toEqual([expect.objectContaining({ code: 'unknown_field', nodeId: 'l', field: 'colour' })]);
    expect(analyze({ fields: ['region'], on: 'nation' }, countries).problems.map((p) => p.code)).toEqual(['unknown_field', 'unknown_field']);
    expect(analyze({ fields: ['region'], on: { in: 'score', lookup: 'country' } }, countries).problems).toEqual([
      expect.objectContaining({ code: 'type_mismatch', nodeId: 'l' }),
    ]);
  });
});

describe('lookup: results', () => {
  it.each(MODES)('matches on both keys by default; unmatched customers get nulls (%s, %i)', async (mode, partitions) => {
    const run = await runTiny(lookupDoc({ fields: ['tier'] }, extra), FILES, { mode, partitions });
    expect(run.byKey('out', 'tier')).toEqual({ 1: 'gold', 2: null, 3: 'silver', 4: null, 5: 'bronze', 6: null });
  });

  it.each(MODES)('matches on a named column without doubling customers when the lookup repeats it (%s, %i)', async (mode, partitions) => {
    const run = await runTiny(lookupDoc({ fields: ['region'], on: 'country' }, countries), FILES, { mode, partitions });
    const rows = run.rows('out');
    expect(rows.map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6]);
    const region = run.byKey('out', 'region');
    expect(region).toMatchObject({ 2: 'Americas', 4: 'Asia', 5: 'Americas', 6: null });
    // One of the two French rows, the same for every French customer.
    expect(['Europe', 'Europe-2']).toContain(region[1]);
    expect(region[3]).toBe(region[1]);
  });

  it.each(MODES)('matches a column of the customers with a differently named column of the lookup (%s, %i)', async (mode, partitions) => {
    const run = await runTiny(lookupDoc({ fields: ['code'], on: { in: 'country', lookup: 'cc' } }, countries), FILES, { mode, partitions });
    expect(run.rows('out')).toHaveLength(6);
    expect(run.byKey('out', 'code')).toEqual({ 1: 1, 2: 3, 3: 1, 4: 4, 5: 3, 6: null });
  });

  it('keeps the customer\'s value with keep_in and the lookup\'s with keep_lookup', async () => {
    const keepIn = await runTiny(lookupDoc({ fields: ['score', 'tier'], conflict: 'keep_in' }, extra), FILES);
    expect(keepIn.byKey('out', 'score')).toEqual({ 1: 10, 2: 20, 3: 30, 4: 40, 5: 50, 6: 60 });
    expect(keepIn.byKey('out', 'tier')).toMatchObject({ 1: 'gold' });
    const keepLookup = await runTiny(lookupDoc({ fields: ['score'], conflict: 'keep_lookup' }, extra), FILES);
    expect(keepLookup.byKey('out', 'score')).toMatchObject({ 1: 100, 3: 300, 5: 500 });
  });
});
