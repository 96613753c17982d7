import { describe, expect, it } from 'vitest';
import { analyzeWorkflow } from '../validate/index.ts';
import { chain, CUSTOMER_COLUMNS, doc, facts, filter, output, rule, source } from '../../test/workflow-builders.ts';
import { compileEvaluator } from './compile-evaluator.ts';
import { readCustomer } from './customer-input.ts';
import { parseDate } from './values.ts';

const analysis = analyzeWorkflow(doc([source('people'), filter('rich', rule('income', '>', 100000)), output('out')], chain('people', 'rich', 'out')), { sources: { people: facts(CUSTOMER_COLUMNS) } });

describe('reading a customer sent as JSON', () => {
  it('gives every column, null when not sent, in the schema’s order, the same for customer after customer', () => {
    const evaluator = compileEvaluator(analysis);
    for (const income of [1, 2]) {
      const { data, problems } = readCustomer(evaluator, analysis, { profile: { income, id: 7, signup: '2024-06-01' } });
      expect(problems).toEqual([]);
      const profile = data!.profiles.people!;
      expect(Object.keys(profile)).toEqual(Object.keys(CUSTOMER_COLUMNS));
      expect(profile).toMatchObject({ id: 7, income, signup: parseDate('2024-06-01'), name: null });
      expect(Object.getPrototypeOf(profile)).toBe(Object.prototype);
    }
  });

  it('names each unknown column and wrong value in the order sent, `__proto__` included', () => {
    const sent = JSON.parse('{"shoe": 1, "income": "many", "__proto__": {"id": 1}, "id": 7}');
    expect(readCustomer(compileEvaluator(analysis), analysis, { profile: sent }).problems).toEqual([
      { field: 'profile.shoe', message: 'There is no column "shoe" here.' },
      { field: 'profile.income', message: '"income" must be a number or null.' },
      { field: 'profile.__proto__', message: 'There is no column "__proto__" here.' },
    ]);
  });
});
