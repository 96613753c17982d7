import { describe, expect, it } from 'vitest';
import { eventRetentionDays } from './event-retention.ts';

const filter = (rules: unknown[]) => ({ kind: 'filter', config: { condition: { combinator: 'and', rules } } });

describe('how many days of events a live audience keeps', () => {
  it('is the longest behaviour or sequence window', () => {
    const doc = { nodes: [
      filter([{ behavior: { fn: 'count', withinDays: 30 }, operator: '>=', value: 2 }]),
      filter([{ sequence: { first: {}, lookbackDays: 60, then: {}, withinDays: 7 }, operator: 'followedBy' }]),
    ] };
    expect(eventRetentionDays(doc)).toBe(67);
  });

  it('is unbounded when a figure reads all of a customer’s events', () => {
    expect(eventRetentionDays({ nodes: [filter([{ behavior: { fn: 'count', withinDays: 30 } }]), { kind: 'aggregate', config: { as: 'n', fn: 'count' } }] })).toBe(Infinity);
    expect(eventRetentionDays({ nodes: [{ kind: 'source', config: { path: 'c.csv' } }] })).toBe(Infinity);
  });
});
