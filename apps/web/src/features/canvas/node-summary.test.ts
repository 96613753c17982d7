import { describe, expect, it } from 'vitest';
import { summarizeNode } from './node-summary.ts';

// Each kind's own summary is tested with the kind, in the engine (nodes/fields.test.ts).
describe('summarizeNode', () => {
  it('lets each kind say what it does', () => {
    expect(summarizeNode('aggregate', { as: 'spend', fn: 'sum', column: 'amount' })).toBe('spend = sum(amount)');
    expect(summarizeNode('filter', { condition: { combinator: 'and', rules: [] } })).toBe('everyone (no rules yet)');
  });

  it('says nothing for a kind without settings or an unknown kind', () => {
    expect(summarizeNode('union', {})).toBe('');
    expect(summarizeNode('no-such-kind', { a: 1 })).toBe('');
  });
});
