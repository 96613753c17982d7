import { describe, expect, it } from 'vitest';
import { nodeWords, summarizeNode } from './node-summary.ts';

describe('summarizeNode', () => {
  it('says what each kind does in one line', () => {
    expect(summarizeNode('source', { path: 'people.csv' })).toBe('people.csv');
    expect(summarizeNode('filter', { condition: { combinator: 'and', rules: [{ field: 'n_orders', operator: '>=', value: 5 }] } })).toBe('n_orders >= 5');
    expect(summarizeNode('filter', { condition: { combinator: 'or', rules: [{ field: 'a', operator: 'in', value: ['x', 'y'] }, { field: 'b', operator: 'null' }] } })).toBe('a is one of x, y or 1 more');
    expect(summarizeNode('filter', { condition: { combinator: 'and', rules: [] } })).toBe('everyone (no rules yet)');
    const purchase = { combinator: 'and', rules: [{ field: 'event_type', operator: '=', value: 'purchase' }] };
    expect(summarizeNode('filter', { condition: { combinator: 'and', rules: [{ behavior: { fn: 'count', where: purchase, withinDays: 60 }, operator: 'didNot' }, { field: 'email', operator: 'notNull' }] } }))
      .toBe('did not purchase in the last 60 days and 1 more');
    expect(summarizeNode('aggregate', { as: 'spend', fn: 'sum', column: 'amount' })).toBe('spend = sum(amount)');
    expect(summarizeNode('rank', { as: 'r', fn: 'ntile', buckets: 10, by: 'spend' })).toBe('r = 10 buckets by spend');
    expect(summarizeNode('output', { segment: 'winback' })).toBe('→ winback');
    expect(summarizeNode('union', {})).toBe('');
  });

  it('keeps long summaries short', () => {
    expect(summarizeNode('compute', { as: 'x', formula: 'a'.repeat(100) })).toHaveLength(80);
  });
});

describe('nodeWords', () => {
  it('says who an output holds along its path, and nothing for other kinds', () => {
    const document = {
      nodes: [{ id: 'c', kind: 'source' }, { id: 'f', kind: 'filter', config: { condition: { combinator: 'and', rules: [{ field: 'email', operator: 'notNull' }] } } }, { id: 'o', kind: 'output' }],
      edges: [{ source: 'c', target: 'f' }, { source: 'f', target: 'o' }],
    };
    expect(nodeWords('output', document, 'o')).toBe('Customers whose email is not empty.');
    expect(nodeWords('source', document, 'c')).toBeUndefined();
  });
});
