import { describe, expect, it } from 'vitest';
import { analyzeWorkflow } from '../validate/index.ts';
import { chain, compute, doc, edge, events, facts, filter, node, output, rule, source } from '../../test/workflow-builders.ts';
import { runTiny } from '../../test/tiny-run.ts';
import { storedColumns } from './stored-columns.ts';

const sources = {
  customers: facts({ id: 'integer', name: 'string', age: 'integer', city: 'string' }),
  ev: facts({ id: 'integer', ts: 'date', amount: 'number' }),
};
const count = (id: string) => node(id, 'aggregate', { as: id, fn: 'count' });
const spend = (id: string) => node(id, 'aggregate', { as: id, fn: 'sum', column: 'amount' });

/** customers → orders (count) → buyers (orders ≥ 1) → rank by orders → top → out (name, orders, pct). */
const ranked = doc(
  [
    source('customers'), events('ev'), count('orders'), filter('buyers', rule('orders', '>=', 1)),
    node('pct', 'rank', { as: 'pct', fn: 'percent_rank', by: 'orders' }), filter('top', rule('pct', '<=', 0.5)),
    output('out', { fields: ['name', 'orders', 'pct'] }),
  ],
  [...chain('customers', 'orders', 'buyers', 'pct', 'top', 'out'), edge('ev', 'orders', 'events')],
);

function analyse(document: unknown, fetchableOrigins: string[]) {
  const analysis = analyzeWorkflow(document, { sources });
  expect(analysis.problems.filter((p) => p.severity === 'error')).toEqual([]);
  return storedColumns(analysis, (id) => fetchableOrigins.includes(id));
}

describe('storedColumns', () => {
  it('keeps only what readers read, leaving to the output what it can fetch by key', () => {
    const { needed, fetchable } = analyse(ranked, ['customers', 'orders']);
    expect(fetchable.get('top')).toEqual(new Set(['id', 'name', 'age', 'city', 'orders']));
    // The filter after the rank reads `pct`; the output fetches name and orders itself; the rank orders by `orders`.
    expect(needed.get('top')).toEqual(new Set(['id', 'pct']));
    expect(needed.get('pct')).toEqual(new Set(['id', 'pct']));
    expect(needed.get('buyers')).toEqual(new Set(['id', 'orders']));
  });

  it('keeps keys alone before an output that only counts (a preview), not the columns it would write', () => {
    const analysis = analyzeWorkflow(ranked, { sources });
    const { needed } = storedColumns(analysis, (id) => id === 'customers', { countOnly: true });
    // The aggregate is not fetchable here, so a writing output would need `orders` stored; one that counts does not.
    expect(needed.get('top')).toEqual(new Set(['id']));
    expect(needed.get('pct')).toEqual(new Set(['id', 'pct']));
    expect(storedColumns(analysis, (id) => id === 'customers').needed.get('top')).toEqual(new Set(['id', 'orders', 'pct']));
  });

  it('keeps a column that cannot be fetched, e.g. one a formula made', () => {
    const withScore = doc(
      [source('customers'), compute('score', 'score', 'age * 2'), filter('adults', rule('age', '>=', 18)), output('out', { fields: ['score'] })],
      chain('customers', 'score', 'adults', 'out'),
    );
    const { needed } = analyse(withScore, ['customers']);
    expect(needed.get('adults')).toEqual(new Set(['id', 'score']));
    expect(needed.get('score')).toEqual(new Set(['id', 'score', 'age']));
  });

  it('does not fetch through a union a column only some inputs carry (it is empty for the others)', () => {
    const union = doc(
      [source('customers'), events('ev'), spend('spent'), filter('young', rule('age', '<', 30)), node('either', 'union'), output('out')],
      [edge('customers', 'spent'), edge('ev', 'spent', 'events'), edge('spent', 'either'), edge('customers', 'young'), edge('young', 'either'), edge('either', 'out')],
    );
    const { needed, fetchable } = analyse(union, ['customers', 'spent']);
    expect(fetchable.get('either')).toEqual(new Set(['id', 'name', 'age', 'city']));
    expect(needed.get('either')).toEqual(new Set(['id', 'spent']));
  });

  it('fetches profile columns through a lookup (one row per customer), not what it brought in', () => {
    const looked = doc(
      [
        source('customers'), source('cities', { key: 'city' }), node('look', 'lookup', { fields: ['zone'], on: 'city' }),
        node('pct', 'rank', { as: 'pct', fn: 'percent_rank', by: 'age' }), filter('top', rule('pct', '<=', 0.5)), output('out'),
      ],
      [edge('customers', 'look'), edge('cities', 'look', 'lookup'), ...chain('look', 'pct', 'top', 'out')],
    );
    const analysis = analyzeWorkflow(looked, { sources: { ...sources, cities: facts({ city: 'string', zone: 'integer' }) } });
    expect(analysis.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const { needed, fetchable } = storedColumns(analysis, (id) => id === 'customers' || id === 'cities');
    expect(fetchable.get('look')).toEqual(new Set(['id', 'name', 'age', 'city']));
    // The rank's table keeps its value and the looked-up zone, not the wide profile the output fetches.
    expect(needed.get('pct')).toEqual(new Set(['id', 'zone', 'pct']));
  });

  it('asks the customers of a lookup for the column it matches on and what is read after it', () => {
    const lookup = doc(
      [
        source('customers'), source('cities', { key: 'city' }), filter('adults', rule('age', '>=', 18)),
        node('look', 'lookup', { fields: ['zone'], on: 'city' }), filter('north', rule('zone', '=', 1)), output('out', { fields: ['name', 'zone'] }),
      ],
      [edge('customers', 'adults'), edge('adults', 'look'), edge('cities', 'look', 'lookup'), ...chain('look', 'north', 'out')],
    );
    const analysis = analyzeWorkflow(lookup, { sources: { ...sources, cities: facts({ city: 'string', zone: 'integer' }) } });
    expect(analysis.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const { needed } = storedColumns(analysis, (id) => id === 'customers' || id === 'cities');
    // The output fetches `name` by key; `zone` comes from the lookup table, not from the customers.
    expect(needed.get('adults')).toEqual(new Set(['id', 'city']));
    expect(needed.get('customers')).toEqual(new Set(['id', 'city', 'age']));
    expect(needed.get('cities')).toBe('all');
  });
});

describe('lean runs write what a run storing every node whole writes', () => {
  const files = {
    'customers.csv': 'id,name,age,city\n1,Ann,25,Paris\n2,Bob,41,Lyon\n3,Cy,19,Nice\n4,Di,63,Paris\n5,Ed,35,Lyon',
    'ev.csv': 'id,ts,amount\n1,2022-06-01,10\n1,2022-06-02,5\n2,2022-05-01,7\n4,2022-06-20,100\n5,2022-01-01,1',
  };

  it('with a rank, an output fetching profile and aggregate columns, and one writing everything', async () => {
    const document = doc([...ranked.nodes, output('all')], [...ranked.edges, edge('top', 'all')]);
    const lean = await runTiny(document, files);
    const plain = await runTiny(document, files, { storeEveryNode: true });
    expect(lean.rows('out')).toEqual(plain.rows('out'));
    expect(lean.rows('all')).toEqual(plain.rows('all'));
    // Buyers 1 (2 orders), 2, 4 and 5 (1 each): the ties rank 0, Ann ranks 1.
    expect(lean.byKey('out', 'name')).toEqual({ 2: 'Bob', 4: 'Di', 5: 'Ed' });
    expect(lean.byKey('all', 'orders')).toEqual({ 2: 1, 4: 1, 5: 1 });
  });

  it('counting only (no file written), with profiles keeping what is read of them: the same counts and warnings', async () => {
    const twice = { ...files, 'customers.csv': `${files['customers.csv']}\n2,Bo,52,Nice\n,Zed,30,Lyon` };
    const document = doc([...ranked.nodes, filter('old', rule('age', '>', 30)), output('all')], [...ranked.edges, edge('customers', 'old'), edge('old', 'all')]);
    const counts = (run: Awaited<ReturnType<typeof runTiny>>) => Object.fromEntries(Object.entries(run.state!.nodes).map(([id, n]) => [id, [n.status, n.rows]]));
    const lean = await runTiny(document, twice, { deliver: false });
    const plain = await runTiny(document, twice, { deliver: false, storeEveryNode: true });
    expect(counts(lean)).toEqual(counts(plain));
    expect(counts(lean).old).toEqual(['succeeded', 3]);
    expect(lean.state!.nodes.customers.problems.map((p) => p.code).sort()).toEqual(['duplicate_key', 'missing_key']);
  });

  it('through a lookup, keeping the looked-up value where it replaces a profile column', async () => {
    const withCities = { ...files, 'cities.csv': 'city,zone,name\nParis,1,P\nLyon,2,L\nNice,3,N' };
    const document = doc(
      [
        source('customers'), source('cities', { key: 'city' }), node('look', 'lookup', { fields: ['zone', 'name'], on: 'city', conflict: 'keep_lookup' }),
        node('pct', 'rank', { as: 'pct', fn: 'percent_rank', by: 'age' }), filter('top', rule('pct', '<=', 0.5)), output('out'),
      ],
      [edge('customers', 'look'), edge('cities', 'look', 'lookup'), ...chain('look', 'pct', 'top', 'out')],
    );
    const lean = await runTiny(document, withCities);
    expect(lean.rows('out')).toEqual((await runTiny(document, withCities, { storeEveryNode: true })).rows('out'));
    expect(lean.byKey('out', 'name')).toEqual({ 1: 'P', 3: 'N', 5: 'L' });
    expect(lean.byKey('out', 'age')).toEqual({ 1: 25, 3: 19, 5: 35 });
  });

  it('through a union where only one input has the aggregate: empty for the others', async () => {
    const document = doc(
      [source('customers'), events('ev'), spend('spent'), filter('big', rule('spent', '>', 6)), filter('young', rule('age', '<', 30)), node('either', 'union'), output('out')],
      [edge('customers', 'spent'), edge('ev', 'spent', 'events'), ...chain('spent', 'big', 'either'), ...chain('customers', 'young', 'either'), edge('either', 'out')],
    );
    const lean = await runTiny(document, files);
    expect(lean.rows('out')).toEqual((await runTiny(document, files, { storeEveryNode: true })).rows('out'));
    // Cy (19) is only young: no spend, though Cy's events would sum to 0.
    expect(lean.byKey('out', 'spent')).toEqual({ 1: 15, 2: 7, 3: null, 4: 100 });
  });
});
