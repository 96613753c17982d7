import { describe, expect, it } from 'vitest';
import { nodeWords, summarizeNode } from './node-summary.ts';

// Each kind's own summary is tested with the kind, in the engine (nodes/fields.test.ts).
describe('summarizeNode', () => {
  it('lets each kind say what it does', () => {
    expect(summarizeNode('aggregate', { as: 'spend', fn: 'sum', column: 'amount' })).toBe('spend = sum(amount)');
    expect(summarizeNode('filter', { condition: { combinator: 'and', rules: [] } })).toBe('everyone (no rules yet)');
    // Rules on what customers did have no column to show: they read in words.
    const purchase = { combinator: 'and', rules: [{ field: 'event_type', operator: '=', value: 'purchase' }] };
    expect(summarizeNode('filter', { condition: { combinator: 'and', rules: [{ behavior: { fn: 'count', where: purchase, withinDays: 60 }, operator: 'didNot' }, { field: 'email', operator: 'notNull' }] } }))
      .toBe('did not purchase in the last 60 days and 1 more');
  });

  it('says nothing for a kind without settings or an unknown kind', () => {
    expect(summarizeNode('union', {})).toBe('');
    expect(summarizeNode('no-such-kind', { a: 1 })).toBe('');
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
