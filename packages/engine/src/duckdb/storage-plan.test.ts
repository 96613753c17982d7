import { describe, expect, it } from 'vitest';
import { analyzeWorkflow } from '../validate/index.ts';
import { chain, doc, edge, events, facts, filter, node, output, rule, source } from '../../test/workflow-builders.ts';
import { keptColumns, storagePlan } from './storage-plan.ts';

// The plan is decided from the analysis alone: no DuckDB in this file.
const sources = {
  customers: facts({ id: 'integer', name: 'string', age: 'integer' }),
  ev: facts({ id: 'integer', ts: 'date', amount: 'number' }),
};
const count = (id: string) => node(id, 'aggregate', { as: id, fn: 'count' });
const spend = (id: string) => node(id, 'aggregate', { as: id, fn: 'sum', column: 'amount' });
const boughtTwice = node('repeat', 'filter', {
  condition: { combinator: 'and', rules: [{ behavior: { fn: 'count' }, operator: '>=', value: 2 }] },
});

function plan(document: unknown, options: { lean: boolean; deliver?: boolean; kept?: boolean } = { lean: true }, partitioned: Record<string, boolean> = {}) {
  const analysis = analyzeWorkflow(document, { sources });
  expect(analysis.problems.filter((p) => p.severity === 'error')).toEqual([]);
  return { analysis, storage: storagePlan(analysis, { partitioned }, options) };
}

/** customers → orders (count) → spent (sum) → repeat (bought twice) → out, all over the same events. */
const twoAggregates = doc(
  [source('customers'), events('ev'), count('orders'), spend('spent'), boughtTwice, output('out', { fields: ['name', 'orders'] })],
  [...chain('customers', 'orders', 'spent', 'repeat', 'out'), edge('ev', 'orders', 'events'), edge('ev', 'spent', 'events'), edge('ev', 'repeat', 'events')],
);

describe('storagePlan', () => {
  it('stores every node whole outside lean runs', () => {
    const { storage } = plan(twoAggregates, { lean: false });
    expect(storage.inline.size).toBe(0);
    expect(storage.summaries.size).toBe(0);
    expect(storage.columns).toBeUndefined();
  });

  it('scans the events once for every aggregate and behaviour rule reading them', () => {
    const { storage } = plan(twoAggregates);
    expect(storage.summaries.get('ev')?.map((s) => s.nodeId)).toEqual(['orders', 'spent', 'repeat.rule0']);
    // Events are only read through their summary, so they are never stored.
    expect(storage.inline.has('ev')).toBe(true);
  });

  it('computes aggregates in a row over the same events in one pass by the last', () => {
    const { storage } = plan(twoAggregates);
    expect(storage.chains.chains.get('spent')).toEqual(['orders', 'spent']);
    expect([...storage.chains.folded]).toEqual(['orders']);
    expect(storage.chains.headOf.get('spent')).toBe('orders');
  });

  it('does not chain aggregates split differently across partitions', () => {
    const { storage } = plan(twoAggregates, { lean: true }, { orders: true, spent: false });
    expect(storage.chains.folded.size).toBe(0);
  });

  it('recomputes filters, and joins read at most twice, instead of storing them', () => {
    const either = doc(
      [source('customers'), filter('young', rule('age', '<', 30)), filter('old', rule('age', '>', 60)), node('either', 'union'), output('out')],
      [edge('customers', 'young'), edge('customers', 'old'), edge('young', 'either'), edge('old', 'either'), edge('either', 'out')],
    );
    // Without a file to write, the union runs for its count and the output's: twice.
    expect([...plan(either, { lean: true, deliver: false }).storage.inline].sort()).toEqual(['either', 'old', 'out', 'young']);
    // Writing the file is a third run: the union is stored once instead.
    expect([...plan(either).storage.inline].sort()).toEqual(['old', 'out', 'young']);
  });

  it('recomputes a join whose readers fuse past it (filters of the same rows): they never read it', () => {
    const rich = filter('rich', rule('age', '>', 40));
    const adult = filter('adult', rule('age', '>=', 18));
    const outputs = ['either', 'ex', 'both'].map((id) => output(`out_${id}`, { segment: id, destination: { type: 'csv', path: `${id}.csv` } }));
    const fused = doc(
      [source('customers'), filter('young', rule('age', '<', 30)), filter('old', rule('age', '>', 60)), rich, adult, node('either', 'union'), node('ex', 'exclude'), node('both', 'intersect'), ...outputs],
      [
        ...['young', 'old', 'rich', 'adult'].map((id) => edge('customers', id)), edge('young', 'either'), edge('old', 'either'),
        edge('either', 'ex'), edge('rich', 'ex', 'minus'), edge('either', 'both'), edge('adult', 'both'), ...['either', 'ex', 'both'].map((id) => edge(id, `out_${id}`)),
      ],
    );
    // `ex` and `both` scan the customers with the union's rules: the union runs for its count and its output's.
    expect(plan(fused, { lean: true, deliver: false }).storage.inline.has('either')).toBe(true);
    // Writing its file reads it twice more: stored once instead.
    expect(plan(fused).storage.inline.has('either')).toBe(false);
  });

  it('stores a join read by more than two readers', () => {
    const readers = ['a', 'b', 'c'].map((id) => filter(id, rule('age', '>', 1)));
    const many = doc(
      [source('customers'), filter('young', rule('age', '<', 30)), node('either', 'union'), ...readers, ...['a', 'b', 'c'].map((id) => output(`out_${id}`, { segment: id, destination: { type: 'csv', path: `${id}.csv` } }))],
      [edge('customers', 'young'), edge('customers', 'either'), edge('young', 'either'), ...['a', 'b', 'c'].flatMap((id) => [edge('either', id), edge(id, `out_${id}`)])],
    );
    const { storage } = plan(many);
    expect(storage.inline.has('either')).toBe(false);
  });

  it('stores a filter on behaviour rules that anything reads when tables outlive the run (previews)', () => {
    const lapsed = node('lapsed', 'filter', { condition: { combinator: 'and', rules: [{ behavior: { fn: 'count' }, operator: '=', value: 0 }] } });
    const readers = ['a', 'b', 'c'].map((id) => filter(id, rule('audience', '=', id === 'a' ? 'repeat' : 'lapsed')));
    const audiences = doc(
      [source('customers'), events('ev'), boughtTwice, lapsed, node('first', 'priority'), ...readers, ...['a', 'b', 'c'].map((id) => output(`out_${id}`, { segment: id, destination: { type: 'csv', path: `${id}.csv` } }))],
      [
        edge('customers', 'repeat'), edge('customers', 'lapsed'), edge('ev', 'repeat', 'events'), edge('ev', 'lapsed', 'events'),
        edge('repeat', 'first'), edge('lapsed', 'first'), ...['a', 'b', 'c'].flatMap((id) => [edge('first', id), edge(id, `out_${id}`)]),
      ],
    );
    // A run counts each and joins the summary again for the priority's table, rather than writing one.
    const run = plan(audiences, { lean: true, deliver: false }).storage;
    expect(run.inline.has('repeat') && run.inline.has('lapsed')).toBe(true);
    // A preview keeps their keys: editing one filter's threshold reads the other's table instead of its summary join.
    const preview = plan(audiences, { lean: true, deliver: false, kept: true }).storage;
    expect(preview.inline.has('repeat') || preview.inline.has('lapsed')).toBe(false);
    expect(preview.inline.has('first')).toBe(false);
    // Filters on columns stay recomputed, even one wired to the events without a rule on them.
    expect(['a', 'b', 'c'].every((id) => preview.inline.has(id))).toBe(true);
    const wired = doc(
      [source('customers'), events('ev'), boughtTwice, filter('adults', rule('age', '>=', 18)), output('out')],
      [edge('customers', 'repeat'), edge('ev', 'repeat', 'events'), edge('repeat', 'adults'), edge('ev', 'adults', 'events'), edge('adults', 'out')],
    );
    expect(plan(wired, { lean: true, deliver: false, kept: true }).storage.inline.has('adults')).toBe(true);
  });

  it('keeps in a stored table only the columns its readers read, the output fetching the others by key', () => {
    const ranked = doc(
      [source('customers'), events('ev'), count('orders'), node('pct', 'rank', { as: 'pct', fn: 'percent_rank', by: 'orders' }), output('out', { fields: ['name', 'orders', 'pct'] })],
      [...chain('customers', 'orders', 'pct', 'out'), edge('ev', 'orders', 'events')],
    );
    const { analysis, storage } = plan(ranked);
    // The rank is stored; `name` and `orders` are fetched from the profiles and the summary when the segment is written.
    expect(storage.inline.has('pct')).toBe(false);
    expect(keptColumns(analysis, storage, 'pct')?.map((c) => c.name)).toEqual(['id', 'pct']);
    expect(keptColumns(analysis, storage, 'customers')).toBeUndefined();
    // When the outputs only count, nothing is fetched from the profiles later: they keep what is read of them.
    const counting = plan(ranked, { lean: true, deliver: false });
    expect(keptColumns(counting.analysis, counting.storage, 'customers')?.map((c) => c.name)).toEqual(['id']);
    expect(keptColumns(counting.analysis, counting.storage, 'pct')?.map((c) => c.name)).toEqual(['id']);
  });
});
