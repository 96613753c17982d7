import { describe, expect, it } from 'vitest';
import { analyzeWorkflow } from '../validate/index.ts';
import { chain, CUSTOMER_COLUMNS, doc, facts, filter, node, output, rule, source } from '../../test/workflow-builders.ts';
import { compileEvaluator } from './compile-evaluator.ts';
import { explainCustomer } from './explain.ts';
import { membershipAnswer } from './customer-input.ts';
import { dayOf, parseDate } from './values.ts';

const sources = { people: facts(CUSTOMER_COLUMNS) };
const asOfDay = dayOf(parseDate('2024-06-30')!);
const customer = { profiles: { people: { id: 7, name: 'Ann', income: 61000, kids: 0, vip: true, signup: parseDate('2024-06-01')!, seen: null } }, events: {} };
const ranked = () => doc(
  [source('people'), node('top', 'rank', { as: 'r', fn: 'ntile', buckets: 4, by: 'income' }), filter('first', rule('r', '=', 1)), output('best')],
  chain('people', 'top', 'first', 'best'),
);

describe('compileEvaluator', () => {
  it('answers null for a rank without cut points, and for what depends on it, saying why', () => {
    const analysis = analyzeWorkflow(ranked(), { sources });
    const result = compileEvaluator(analysis).evaluate(customer, asOfDay, true);
    expect(membershipAnswer(result, analysis)).toEqual({ segments: { best: null }, nodes: { people: true, top: null, first: null, best: null } });
    expect(explainCustomer(result, analysis).nodes.first.reason).toMatch(/"top" ranks every customer: it needs a finished run/);
  });

  it('ranks from recorded cut points: ties broken by key as ntile does', () => {
    const analysis = analyzeWorkflow(ranked(), { sources });
    // 8 customers, 4 buckets: bucket 2 starts at income 200 (key 3), bucket 3 at 200 (key 9), bucket 4 at 500.
    const cuts = { top: { fn: 'ntile' as const, descending: false, exact: true, groups: { '': { n: 8, points: [[200, 3], [200, 9], [500, 1]] as [number, number][] } } } };
    const evaluator = compileEvaluator(analysis, { cuts });
    const bucket = (id: number, income: number) => (evaluator.evaluate({ ...customer, profiles: { people: { ...customer.profiles.people, id, income } } }, asOfDay).nodes.top as { r: number }).r;
    expect([bucket(1, 100), bucket(2, 200), bucket(3, 200), bucket(8, 200), bucket(9, 200), bucket(1, 499), bucket(1, 500), bucket(1, 1e9)]).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
  });

  it('explains each rule of a filter with the value and what it needed', () => {
    const analysis = analyzeWorkflow(doc([source('people'), filter('rich', rule('income', '>', 100000), rule('vip', '=', true)), output('out')], chain('people', 'rich', 'out')), { sources });
    const { nodes } = explainCustomer(compileEvaluator(analysis).evaluate(customer, asOfDay, true), analysis);
    expect(nodes.rich).toMatchObject({ in: false, rules: [
      { text: 'income is 61000; needs more than 100000', passed: false, value: 61000 },
      { text: 'vip is true; needs to be true', passed: true, value: true },
    ] });
  });

  it('refuses, naming the node, a rule it cannot evaluate rather than guessing', () => {
    const analysis = analyzeWorkflow(doc([source('people'), filter('rich', rule('income', '>', 1)), output('out')], chain('people', 'rich', 'out')), { sources });
    const condition = (analysis.nodes.get('rich')!.config as { condition: { rules: Record<string, unknown>[] } }).condition;
    condition.rules[0] = { behavior: { fn: 'count' }, operator: 'did' };
    expect(() => compileEvaluator(analysis)).toThrow(/"rich": it has a kind of rule that cannot be evaluated/);
  });
});
