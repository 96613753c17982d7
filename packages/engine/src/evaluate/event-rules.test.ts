import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeWorkflow } from '../validate/index.ts';
import { runTiny } from '../../test/tiny-run.ts';
import { doc, edge, events, facts, node, output, rule, source } from '../../test/workflow-builders.ts';
import { compileEvaluator, type CompiledEvaluator } from './compile-evaluator.ts';
import { explainCustomer } from './explain.ts';
import { isRow } from './types.ts';
import { dayOf, parseDate, parseTimestamp, type Row } from './values.ts';

/*
 * As of 2022-06-30, timestamps in UTC. Per customer:
 * 1: buy 100 (06-01), cart (06-20 08:00), buy 50 (06-21 12:00): followed the next day.
 * 2: buy 500 (2021-01-01), cart (06-28 09:00) and nothing after.
 * 3: no events.
 * 4: carts 06-25 08:00 and 18:00 (the later is the anchor), a buy at 12:00 between them, a buy 06-28.
 * 5: cart and buy at the same time, 06-29 10:00: not strictly later, so not followed.
 * 6: cart at the last second of the as-of day, buy at midnight after it (after as-of).
 * 7: a cart without a time (never an anchor nor counted), a buy 06-29.
 * 8: cart 06-20 09:00, buy 06-22 23:59: within 2 days by date, not within 1.
 */
const FILES = {
  'c.csv': 'id,tier\n1,gold\n2,gold\n3,silver\n4,silver\n5,bronze\n6,bronze\n7,gold\n8,silver',
  'e.csv': [
    'id,ts,amount,kind',
    '1,2022-06-01 10:00:00,100,buy', '1,2022-06-20 08:00:00,0,cart', '1,2022-06-21 12:00:00,50,buy',
    '2,2021-01-01 09:00:00,500,buy', '2,2022-06-28 09:00:00,0,cart',
    '4,2022-06-25 08:00:00,0,cart', '4,2022-06-25 18:00:00,0,cart', '4,2022-06-25 12:00:00,5,buy', '4,2022-06-28 09:00:00,20,buy',
    '5,2022-06-29 10:00:00,0,cart', '5,2022-06-29 10:00:00,30,buy',
    '6,2022-06-30 23:59:59,0,cart', '6,2022-07-01 00:00:00,40,buy',
    '7,,0,cart', '7,2022-06-29 09:00:00,10,buy',
    '8,2022-06-20 09:00:00,0,cart', '8,2022-06-22 23:59:00,70,buy',
  ].join('\n'),
};
const SOURCES = { c: facts({ id: 'integer', tier: 'string' }), e: facts({ id: 'integer', ts: 'timestamp', amount: 'number', kind: 'string' }) };
const AS_OF = '2022-06-30';
const ALL = [1, 2, 3, 4, 5, 6, 7, 8];

const kind = (k: string) => ({ combinator: 'and', rules: [rule('kind', '=', k)] });
const and = (...rules: unknown[]) => ({ combinator: 'and', rules });
const not = (...rules: unknown[]) => ({ combinator: 'and', not: true, rules });
const behaviour = (behavior: Record<string, unknown>, operator: string, value?: unknown) => ({ behavior, operator, ...(value === undefined ? {} : { value }) });
const sequence = (operator: string, lookbackDays = 14, withinDays = 2, first: unknown = kind('cart'), then: unknown = kind('buy')) =>
  ({ sequence: { first, lookbackDays, then, withinDays }, operator });
const except = (...ids: number[]) => ALL.filter((id) => !ids.includes(id));

const CASES: [string, Record<string, unknown>, number[]][] = [
  ['did', and(behaviour({ fn: 'count', where: kind('buy') }, 'did')), [1, 2, 4, 5, 7, 8]],
  ['didNot (an event after as-of does not count)', and(behaviour({ fn: 'count', where: kind('buy') }, 'didNot')), [3, 6]],
  ['a count compared with a fraction, as the SQL compares numbers', and(behaviour({ fn: 'count' }, '>', 1.5)), [1, 2, 4, 5, 8]],
  ['a count under NOT (no events counts 0)', not(behaviour({ fn: 'count' }, '>=', 3)), [2, 3, 5, 6, 7, 8]],
  ['a sum with where and a window that includes its first day', and(behaviour({ fn: 'sum', column: 'amount', where: kind('buy'), withinDays: 29 }, '>=', 150)), [1]],
  ['an average: null without events is false, also for notBetween', and(behaviour({ fn: 'avg', column: 'amount' }, 'notBetween', [1, 20])), [1, 2, 6, 8]],
  ['days since the last event', and(behaviour({ fn: 'days_since_last' }, '<=', 1)), [5, 6, 7]],
  ['the latest time, within the last days', and(behaviour({ fn: 'last', column: 'ts', where: kind('cart') }, 'withinLastDays', 2)), [2, 5, 6]],
  ['null is true for a figure without events', and(behaviour({ fn: 'min', column: 'kind' }, 'null')), [3]],
  ['followedBy', and(sequence('followedBy')), [1, 8]],
  ['followedBy on the same day only: strictly later, the anchor the later cart', and(sequence('followedBy', 14, 0)), []],
  ['notFollowedBy: ties and events after as-of do not follow', and(sequence('notFollowedBy')), [2, 4, 5, 6]],
  ['followedBy within 3 days', and(sequence('followedBy', 14, 3)), [1, 4, 8]],
  ['within 1 day counts dates, not hours', and(sequence('followedBy', 14, 1)), [1]],
  ['notFollowedBy under NOT: no anchor is neither', not(sequence('notFollowedBy')), [1, 3, 7, 8]],
  ['a lookback of 0 days: only the as-of day', and(sequence('notFollowedBy', 0, 2)), [6]],
  ['the same kind first and then: the anchor is the latest, so nothing follows it', and(sequence('followedBy', 30, 30, kind('buy'), kind('buy'))), []],
  ['then on another column than first', and(sequence('followedBy', 30, 3, kind('cart'), and(rule('amount', '>=', 20)))), [1, 4, 8]],
  ['in an or with a column rule', { combinator: 'or', rules: [sequence('followedBy'), rule('tier', '=', 'bronze')] }, [1, 5, 6, 8]],
  ['behaviour and sequence rules under one NOT', not(behaviour({ fn: 'count' }, '>=', 2), sequence('notFollowedBy')), except(2, 4, 5)],
];

/** One filter per case, all on the same customers and events, each delivered. */
function workflow() {
  const nodes = [source('c'), events('e')];
  const edges = [];
  for (const [i, [, condition]] of CASES.entries()) {
    nodes.push(node(`f${i}`, 'filter', { condition }), output(`out${i}`));
    edges.push(edge('c', `f${i}`), edge('e', `f${i}`, 'events'), edge(`f${i}`, `out${i}`));
  }
  return doc(nodes, edges);
}

const lines = (text: string) => text.split('\n').slice(1).map((l) => l.split(','));
const customers: Row[] = lines(FILES['c.csv']).map(([id, tier]) => ({ id: Number(id), tier }));
const eventRows: Row[] = lines(FILES['e.csv']).map(([id, ts, amount, k]) => ({ id: Number(id), ts: ts ? parseTimestamp(ts)! : null, amount: Number(amount), kind: k }));
const asOfDay = dayOf(parseDate(AS_OF)!);
const dataOf = (id: number) => ({ profiles: { c: customers.find((c) => c.id === id)! }, events: { e: eventRows.filter((e) => e.id === id) } });

let evaluator: CompiledEvaluator;
const analysis = analyzeWorkflow(workflow(), { sources: SOURCES });
beforeAll(() => {
  evaluator = compileEvaluator(analysis);
});

describe('behaviour and sequence rules, one customer at a time', () => {
  it('keep the customers each case describes, as the batch engine does', async () => {
    expect(analysis.problems).toEqual([]);
    const run = await runTiny(workflow(), FILES, { mode: 'hybrid', partitions: 2, asOf: AS_OF });
    const results = ALL.map((id) => evaluator.evaluate(dataOf(id), asOfDay));
    for (const [i, [name, , expected]] of CASES.entries()) {
      const members = ALL.filter((_, j) => isRow(results[j].segments[`out${i}`]));
      expect(members, name).toEqual(expected);
      expect(run.rows(`out${i}`).map((r) => r.id).sort(), `batch: ${name}`).toEqual(expected);
    }
  }, 60_000);

  it('explains a behaviour rule with the figure and what it needed', () => {
    const explain = (id: number, condition: Record<string, unknown>) => {
      const document = doc([source('c'), events('e'), node('f', 'filter', { condition }), output('out')], [edge('c', 'f'), edge('e', 'f', 'events'), edge('f', 'out')]);
      const a = analyzeWorkflow(document, { sources: SOURCES });
      return explainCustomer(compileEvaluator(a).evaluate(dataOf(id), asOfDay, true), a).nodes.f.rules;
    };
    expect(explain(1, and(behaviour({ fn: 'count', where: kind('buy'), withinDays: 90 }, '>=', 2)))).toEqual([
      { text: 'had 2 events where kind is "buy" in the last 90 days; needs at least 2', value: 2, passed: true },
    ]);
    expect(explain(4, and(behaviour({ fn: 'count', where: kind('buy'), withinDays: 4 }, 'did')))).toEqual([
      { text: 'had 1 event where kind is "buy" in the last 4 days; needs at least 1', value: 1, passed: true },
    ]);
    expect(explain(6, not(behaviour({ fn: 'count', where: kind('buy') }, 'didNot')))[0].text).toBe('had 0 events where kind is "buy"; needs none');
    expect(explain(1, and(behaviour({ fn: 'sum', column: 'amount', where: { combinator: 'or', rules: [rule('kind', 'in', ['buy', 'cart']), rule('amount', '>', 10)] } }, '>', 500)))).toEqual([
      { text: 'total amount of events where kind is one of "buy", "cart" or amount is more than 10 is 150; needs more than 500', value: 150, passed: false },
    ]);
    expect(explain(3, and(behaviour({ fn: 'avg', column: 'amount', withinDays: 0 }, '>', 5)))[0].text)
      .toBe('had no event on the as-of date, so no average amount; needs more than 5');
    expect(explain(2, and(behaviour({ fn: 'days_since_last', where: kind('cart') }, '<=', 1)))[0].text)
      .toBe('days since the latest event where kind is "cart" is 2; needs at most 1');
  });

  it('explains a sequence rule with the anchor and what followed it', () => {
    const explain = (id: number, seq: Record<string, unknown>) => {
      const document = doc([source('c'), events('e'), node('f', 'filter', { condition: and(seq) }), output('out')], [edge('c', 'f'), edge('e', 'f', 'events'), edge('f', 'out')]);
      const a = analyzeWorkflow(document, { sources: SOURCES });
      return explainCustomer(compileEvaluator(a).evaluate(dataOf(id), asOfDay, true), a).nodes.f.rules[0];
    };
    expect(explain(2, sequence('notFollowedBy'))).toEqual({
      text: 'an event where kind is "cart" on 2022-06-28 09:00:00 UTC and no event where kind is "buy" within 2 days after it; needs none',
      value: false, passed: true,
    });
    expect(explain(1, sequence('notFollowedBy'))).toEqual({
      text: 'an event where kind is "cart" on 2022-06-20 08:00:00 UTC, then an event where kind is "buy" on 2022-06-21 12:00:00 UTC; needs none within 2 days',
      value: true, passed: false,
    });
    expect(explain(3, sequence('followedBy', 7, 1))).toEqual({
      text: 'no event where kind is "cart" in the last 7 days; needs one, then an event where kind is "buy" within 1 day',
      value: null, passed: false,
    });
    expect(explain(5, sequence('followedBy', 1, 0)).text)
      .toBe('an event where kind is "cart" on 2022-06-29 10:00:00 UTC and no event where kind is "buy" on the same day after it; needs one');
  });
});
