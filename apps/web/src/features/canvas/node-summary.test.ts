import { describe, expect, it } from 'vitest';
import { summarizeNode } from './node-summary.ts';

describe('summarizeNode', () => {
  it('says what each kind does in one line', () => {
    expect(summarizeNode('source', { path: 'people.csv' })).toBe('people.csv');
    expect(summarizeNode('filter', { condition: { combinator: 'and', rules: [{ field: 'n_orders', operator: '>=', value: 5 }] } })).toBe('n_orders >= 5');
    expect(summarizeNode('filter', { condition: { combinator: 'or', rules: [{ field: 'a', operator: 'in', value: ['x', 'y'] }, { field: 'b', operator: 'null' }] } })).toBe('a is one of x, y or 1 more');
    expect(summarizeNode('filter', { condition: { combinator: 'and', rules: [] } })).toBe('everyone (no rules yet)');
    expect(summarizeNode('aggregate', { as: 'spend', fn: 'sum', column: 'amount' })).toBe('spend = sum(amount)');
    expect(summarizeNode('rank', { as: 'r', fn: 'ntile', buckets: 10, by: 'spend' })).toBe('r = 10 buckets by spend');
    expect(summarizeNode('output', { segment: 'winback' })).toBe('→ winback');
    expect(summarizeNode('union', {})).toBe('');
  });

  it('keeps long summaries short', () => {
    expect(summarizeNode('compute', { as: 'x', formula: 'a'.repeat(100) })).toHaveLength(80);
  });
});
