import { describe, expect, it } from 'vitest';
import { splitGroup } from '../split/split-assignment.ts';
import { analyzeWorkflow } from '../validate/index.ts';
import { runTiny } from '../../test/tiny-run.ts';
import { chain, compute, doc, edge, facts, filter, node, output, rule, source } from '../../test/workflow-builders.ts';
import { compileEvaluator } from './compile-evaluator.ts';
import { membershipAnswer } from './customer-input.ts';
import { isRow } from './types.ts';
import type { Row } from './values.ts';

const asOfDay = 19_000;
const GROUPS = [{ name: 'test', percent: 45.5 }, { name: 'control', percent: 44.5 }, { name: 'holdout', percent: 10 }];
const splitDoc = (as?: string) => doc([source('c'), node('s', 'split', { seed: 'spring-2026', groups: GROUPS, ...(as ? { as } : {}) }), output('out')], chain('c', 's', 'out'));

describe('split, one customer at a time', () => {
  it('gives every customer the group of the batch run (the same md5 bucket), integer keys and text keys', async () => {
    const ids = Array.from({ length: 400 }, (_, i) => i + 1);
    for (const [type, key] of [['integer', (i: number) => i], ['string', (i: number) => `c-${i}-é`]] as const) {
      const run = await runTiny(splitDoc('arm'), { 'c.csv': ['id,name', ...ids.map((i) => `${key(i)},n${i}`)].join('\n') });
      const batch = run.byKey('out', 'arm');
      const analysis = analyzeWorkflow(splitDoc('arm'), { sources: { c: facts({ id: type, name: 'string' }) } });
      const evaluator = compileEvaluator(analysis);
      for (const i of ids) {
        const { segments } = evaluator.evaluate({ profiles: { c: { id: key(i), name: `n${i}` } }, events: {} }, asOfDay);
        expect(segments.out, `${type} key ${key(i)}`).toEqual({ id: key(i), name: `n${i}`, arm: batch[String(key(i))] });
        expect((segments.out as Row).arm).toBe(splitGroup('spring-2026', GROUPS, key(i)));
      }
      expect(new Set(Object.values(batch))).toEqual(new Set(['test', 'control', 'holdout']));
    }
  }, 60_000);

  it('writes the default column `group`, replacing an input column of that name', () => {
    const analysis = analyzeWorkflow(splitDoc(), { sources: { c: facts({ id: 'integer', group: 'string' }) } });
    const { segments } = compileEvaluator(analysis).evaluate({ profiles: { c: { id: 42, group: 'old' } }, events: {} }, asOfDay);
    expect(segments.out).toEqual({ id: 42, group: splitGroup('spring-2026', GROUPS, 42) });
  });
});

/** Audiences vip (v ≥ 5), mid (v ≥ 3), low (v ≤ 4, tagged), into priority `p` in the given edge order. */
function audiences(config: Record<string, unknown> = {}, order = ['vip', 'mid', 'low']) {
  return doc(
    [
      source('c'), filter('vip', rule('v', '>=', 5)), filter('mid', rule('v', '>=', 3)), filter('low', rule('v', '<=', 4)),
      compute('tagged', 'tag', "'t'"), node('p', 'priority', config), output('out'),
    ],
    [edge('c', 'vip'), edge('c', 'mid'), edge('c', 'low'), edge('low', 'tagged'), ...order.map((id) => edge(id === 'low' ? 'tagged' : id, 'p')), edge('p', 'out')],
  );
}
const FILES = { 'c.csv': 'id,v,audience\n1,1,x\n2,2,x\n3,3,x\n4,4,x\n5,5,x\n6,6,x\n7,,x' };
const SOURCES = { c: facts({ id: 'integer', v: 'integer', audience: 'string' }) };
const customer = (id: number) => ({ profiles: { c: { id, v: id === 7 ? null : id, audience: 'x' } }, events: {} });

describe('priority, one customer at a time', () => {
  it.each([[{ as: 'who' }, ['vip', 'mid', 'low']], [{}, ['low', 'vip', 'mid']]] as const)(
    'names the first input in edge order holding the customer, with the union\'s row, as the batch run (%j, %j)',
    async (config, order) => {
      const document = audiences(config, [...order]);
      const run = await runTiny(document, FILES);
      const batch = new Map(run.rows('out').map((r) => [r.id, r]));
      const evaluator = compileEvaluator(analyzeWorkflow(document, { sources: SOURCES }));
      for (const id of [1, 2, 3, 4, 5, 6, 7]) {
        const row = evaluator.evaluate(customer(id), asOfDay).segments.out;
        expect(isRow(row) ? row : null, `customer ${id}`).toEqual(batch.get(id) ?? null);
      }
      expect(batch.size).toBe(6);
    },
  );

  it('is unknown when an input is, and says why', () => {
    const document = doc(
      [source('c'), node('top', 'rank', { as: 'r', fn: 'ntile', buckets: 2, by: 'v' }), filter('low', rule('v', '<=', 4)), node('p', 'priority'), output('out')],
      [edge('c', 'top'), edge('c', 'low'), edge('top', 'p'), edge('low', 'p'), edge('p', 'out')],
    );
    const analysis = analyzeWorkflow(document, { sources: SOURCES });
    expect(analysis.problems).toEqual([]);
    const result = compileEvaluator(analysis).evaluate(customer(2), asOfDay);
    expect(membershipAnswer(result, analysis).segments).toEqual({ out: null });
  });
});
