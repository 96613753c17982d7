import { describe, expect, it } from 'vitest';
import { analyzeWorkflow } from '../validate/index.ts';
import { join } from 'node:path';
import { createPreviewer } from '../preview/previewer.ts';
import { openDatabase, queryRows } from '../duckdb/database.ts';
import { sql } from '../sql/sql.ts';
import { MODES, runTiny, writeFiles } from '../../test/tiny-run.ts';
import { doc, edge, events, facts, node, output, rule, source } from '../../test/workflow-builders.ts';

/*
 * As of 2022-06-30. Per customer:
 * 1: buy 100 (06-01), cart (06-20), buy 50 (06-21 12:00): cart then buy the next day.
 * 2: buy 500 (2021-01-01, over a year back), cart (06-28) and nothing after.
 * 3: no events.
 * 4: two carts on 06-25 (the later one is the anchor), buy 3 days later.
 * 5: cart 06-29 10:00, buy the same day at 09:00 (before it), buy 07-01 (after as-of).
 * 6: cart 05-01 (out of every lookback), cart 07-05 (after as-of).
 */
const FILES = {
  'c.csv': 'id,tier\n1,gold\n2,gold\n3,silver\n4,silver\n5,bronze\n6,bronze',
  'e.csv': [
    'id,ts,amount,kind',
    '1,2022-06-01 10:00:00,100,buy', '1,2022-06-20 08:00:00,0,cart', '1,2022-06-21 12:00:00,50,buy',
    '2,2021-01-01 09:00:00,500,buy', '2,2022-06-28 09:00:00,0,cart',
    '4,2022-06-25 08:00:00,0,cart', '4,2022-06-25 18:00:00,0,cart', '4,2022-06-28 09:00:00,20,buy',
    '5,2022-06-29 10:00:00,0,cart', '5,2022-06-29 09:00:00,30,buy', '5,2022-07-01 09:00:00,40,buy',
    '6,2022-05-01 09:00:00,0,cart', '6,2022-07-05 09:00:00,0,cart',
  ].join('\n'),
};
const SOURCES = { c: facts({ id: 'integer', tier: 'string' }), e: facts({ id: 'integer', ts: 'timestamp', amount: 'number', kind: 'string' }) };

const kind = (k: string) => ({ combinator: 'and', rules: [rule('kind', '=', k)] });
const behaviour = (behavior: Record<string, unknown>, operator: string, value?: unknown) => ({ behavior, operator, ...(value === undefined ? {} : { value }) });
const sequence = (operator: string, lookbackDays = 14, withinDays = 2) => ({ sequence: { first: kind('cart'), lookbackDays, then: kind('buy'), withinDays }, operator });

const filtered = (condition: Record<string, unknown>, withEvents = true) => doc(
  [source('c'), events('e'), node('f', 'filter', { condition }), output('out')],
  [edge('c', 'f'), ...(withEvents ? [edge('e', 'f', 'events')] : []), edge('f', 'out')],
);
const and = (...rules: unknown[]) => ({ combinator: 'and', rules });

const CASES: [string, Record<string, unknown>, number[]][] = [
  ['sum with where and a window', and(behaviour({ fn: 'sum', column: 'amount', where: kind('buy'), withinDays: 30 }, '>', 100)), [1]],
  ['a window includes its first day (06-01 is 29 days back)', and(behaviour({ fn: 'sum', column: 'amount', where: kind('buy'), withinDays: 29 }, '>=', 150)), [1]],
  ['and no day before it', and(behaviour({ fn: 'sum', column: 'amount', where: kind('buy'), withinDays: 28 }, '>=', 150)), []],
  ['sum over all time', and(behaviour({ fn: 'sum', column: 'amount' }, '>=', 500)), [2]],
  ['did', and(behaviour({ fn: 'count', where: kind('buy') }, 'did')), [1, 2, 4, 5]],
  ['didNot', and(behaviour({ fn: 'count', where: kind('buy') }, 'didNot')), [3, 6]],
  ['a count under NOT (no events counts 0)', { combinator: 'and', not: true, rules: [behaviour({ fn: 'count' }, '>=', 2)] }, [3, 6]],
  ['days since the last event (null without events is false)', and(behaviour({ fn: 'days_since_last' }, '<=', 5)), [2, 4, 5]],
  ['the last kind, in an or with a column rule', { combinator: 'or', rules: [behaviour({ fn: 'last', column: 'kind' }, '=', 'cart'), rule('tier', '=', 'silver')] }, [2, 3, 4, 5, 6]],
  ['followedBy', and(sequence('followedBy')), [1]],
  ['notFollowedBy', and(sequence('notFollowedBy')), [2, 4, 5]],
  ['followedBy within 3 days', and(sequence('followedBy', 14, 3)), [1, 4]],
  ['notFollowedBy under NOT (no anchor: neither)', { combinator: 'and', not: true, rules: [sequence('notFollowedBy')] }, [1, 3, 6]],
  ['a lookback of 7 days leaves customer 1 without an anchor', and(sequence('followedBy', 7, 2)), []],
  ['a lookback includes its first day (06-28 is 2 days back)', and(sequence('notFollowedBy', 2, 2)), [2, 5]],
  ['and no day before it', and(sequence('notFollowedBy', 1, 2)), [5]],
  ['only column rules, the events input unused', and(rule('tier', '=', 'gold')), [1, 2]],
  ['behaviour and sequence rules together', and(behaviour({ fn: 'count' }, '>', 1), sequence('notFollowedBy'), rule('tier', '!=', 'bronze')), [2, 4]],
];

describe('behaviour and sequence rules in a filter', () => {
  it('check without problems and add no column', () => {
    for (const [name, condition] of CASES) {
      const analysis = analyzeWorkflow(filtered(condition), { sources: SOURCES });
      expect(analysis.problems, name).toEqual([]);
      expect(analysis.schemas.get('f'), name).toEqual(analysis.schemas.get('c'));
    }
  });

  for (const [mode, partitions] of MODES)
    for (const storeEveryNode of [false, true])
      it(`keep the customers the rules describe (${mode}, ${partitions}${storeEveryNode ? ', every node stored' : ', lean'})`, async () => {
        for (const [name, condition, expected] of CASES) {
          const run = await runTiny(filtered(condition), FILES, { mode, partitions, storeEveryNode });
          expect(run.rows('out').map((r) => r.id).sort(), name).toEqual(expected);
        }
      }, 60_000);

  it('share one events summary with aggregates in lean runs, and agree with every node stored', async () => {
    const document = doc(
      [source('c'), events('e'), node('a', 'aggregate', { as: 'n', fn: 'count' }), node('f', 'filter', { condition: and(behaviour({ fn: 'count' }, '>=', 2), sequence('followedBy', 14, 3)) }), output('out')],
      [edge('c', 'a'), edge('e', 'a', 'events'), edge('a', 'f'), edge('e', 'f', 'events'), edge('f', 'out')],
    );
    const database = await openDatabase();
    try {
      const lean = await runTiny(document, FILES, { mode: 'hybrid', partitions: 2, database });
      const whole = await runTiny(document, FILES, { mode: 'hybrid', partitions: 2, storeEveryNode: true });
      expect(lean.rows('out')).toEqual([{ id: 1, tier: 'gold', n: 3 }, { id: 4, tier: 'silver', n: 3 }]);
      expect(whole.rows('out')).toEqual(lean.rows('out'));
      // One scan of the events: one summary table, with the aggregate's value and each rule's.
      const connection = await database.connect();
      try {
        const tables = await queryRows(connection, sql`SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'summary%'`);
        expect(tables.map((t) => t.table_name)).toEqual(['summary_e']);
        const columns = await queryRows(connection, sql`SELECT column_name FROM duckdb_columns() WHERE table_name = 'summary_e' ORDER BY column_index`);
        expect(columns.map((c) => c.column_name)).toEqual(['__segflow_key', '__segflow_a', '__segflow_f.rule0', '__segflow_f.rule1']);
      } finally {
        connection.closeSync();
      }
    } finally {
      database.close();
    }
  });
});

describe('previews of behaviour and sequence rules', () => {
  it('count what a run keeps', async () => {
    const dir = writeFiles(FILES);
    const previewer = await createPreviewer({ resolvePath: (p) => join(dir, p) });
    try {
      for (const [name, condition, expected] of CASES.slice(0, 9)) {
        const result = await previewer.preview(filtered(condition), { asOf: '2022-06-30' });
        expect(result.counts.f?.rows, name).toBe(expected.length);
      }
    } finally {
      previewer.close();
    }
  });
});

describe('problems of behaviour and sequence rules', () => {
  const problemsOf = (condition: Record<string, unknown>, withEvents = true) => analyzeWorkflow(filtered(condition, withEvents), { sources: SOURCES }).problems;

  it('a behaviour rule without events is missing_input, naming the node and the rule', () => {
    const errors = problemsOf(and(rule('tier', '=', 'gold'), { combinator: 'or', rules: [sequence('followedBy')] }), false).filter((p) => p.severity === 'error');
    expect(errors).toEqual([
      expect.objectContaining({ code: 'missing_input', nodeId: 'f', field: 'condition.rules[1].rules[0]', message: expect.stringContaining('connect their events') }),
    ]);
  });

  it.each([
    [behaviour({ fn: 'sum', column: 'price' }, '>', 1), 'unknown_field', 'condition.rules[0].behavior.column', 'The events have no column "price".'],
    [behaviour({ fn: 'count', where: and(rule('tier', '=', 'x')) }, 'did'), 'unknown_field', 'condition.rules[0].behavior.where.rules[0].field', 'The events have no column "tier".'],
    [behaviour({ fn: 'sum', column: 'kind' }, '>', 1), 'type_mismatch', 'condition.rules[0].behavior.column', '"sum" needs a number column'],
    [behaviour({ fn: 'count' }, '>', 'many'), 'type_mismatch', 'condition.rules[0].value', 'must be a number'],
    [behaviour({ fn: 'max', column: 'ts' }, 'withinLastDays', 'x'), 'type_mismatch', 'condition.rules[0].value', 'whole number of days'],
    [behaviour({ fn: 'avg' }, '>', 1), 'invalid_config', 'condition.rules[0].behavior.column', 'needs the event column'],
    [behaviour({ fn: 'sum', column: 'amount' }, 'did'), 'invalid_config', 'condition.rules[0].operator', 'use it with the count'],
    [behaviour({ fn: 'count' }, 'didNot', 3), 'invalid_config', 'condition.rules[0].value', 'takes no value'],
    [{ sequence: { first: kind('cart'), lookbackDays: 7, then: { combinator: 'and', rules: [rule('tier', '=', 'x')] }, withinDays: 2 }, operator: 'followedBy' }, 'unknown_field', 'condition.rules[0].sequence.then.rules[0].field', 'The events have no column "tier".'],
    [behaviour({ fn: 'count', where: and(behaviour({ fn: 'count' }, 'did')) }, 'did'), 'invalid_config', 'condition.rules[0].behavior.where.rules[0]', 'cannot itself be'],
  ])('%j is %s at %s', (r, code, field, words) => {
    const problems = problemsOf(and(r));
    expect(problems).toEqual([expect.objectContaining({ code, nodeId: 'f', field })]);
    expect(problems[0].message).toContain(words);
  });

  it('a count compared without a value is a type problem on the value', () => {
    expect(problemsOf(and(behaviour({ fn: 'count' }, '>')))).toEqual([expect.objectContaining({ code: 'type_mismatch', nodeId: 'f', field: 'condition.rules[0].value' })]);
  });

  it.each([
    ['an unknown setting', behaviour({ fn: 'count', colour: 'red' }, 'did')],
    ['an unknown function', behaviour({ fn: 'median', column: 'amount' }, '>', 1)],
    ['a sequence operator on a behaviour', behaviour({ fn: 'count' }, 'followedBy')],
    ['a lookback over 36500 days', sequence('followedBy', 40_000)],
    ['a behaviour operator on a sequence', { ...sequence('followedBy'), operator: 'did' }],
  ])('wrong shapes are invalid_config on the node: %s', (_name, r) => {
    expect(problemsOf(and(r))).toEqual([expect.objectContaining({ code: 'invalid_config', nodeId: 'f' })]);
  });

  it('an aggregate\'s where may not hold a behaviour rule', () => {
    const document = doc(
      [source('c'), events('e'), node('a', 'aggregate', { as: 'n', fn: 'count', where: and(behaviour({ fn: 'count' }, 'did')) }), output('out')],
      [edge('c', 'a'), edge('e', 'a', 'events'), edge('a', 'out')],
    );
    expect(analyzeWorkflow(document, { sources: SOURCES }).problems).toEqual([expect.objectContaining({ code: 'invalid_config', nodeId: 'a', field: 'where' })]);
  });
});
