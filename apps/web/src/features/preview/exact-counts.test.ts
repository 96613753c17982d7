import { describe, expect, it } from 'vitest';
import type { WorkflowInput } from '@segflow/engine';
import { isCounting, keepExact, lineages, rememberExact } from './exact-counts.ts';

const doc = (threshold: number): WorkflowInput => ({
  schemaVersion: 1, name: 'w',
  nodes: [
    { id: 'people', kind: 'source', config: { format: 'csv', path: 'p.csv', key: 'id' } },
    { id: 'rich', kind: 'filter', config: { condition: { combinator: 'and', rules: [{ field: 'income', operator: '>', value: threshold }] } } },
    { id: 'young', kind: 'filter', config: { condition: { combinator: 'and', rules: [{ field: 'age', operator: '<', value: 30 }] } } },
    { id: 'out', kind: 'output', config: { segment: 's', destination: { type: 'csv', path: 's.csv' } } },
  ],
  edges: [{ source: 'people', target: 'rich' }, { source: 'people', target: 'young' }, { source: 'rich', target: 'out' }],
});
const exact = (rows: number) => ({ rows, exact: true, kind: 'exact' as const });
const estimate = (rows: number) => ({ rows, exact: false, bound: 50, kind: 'estimate' as const });

describe('keeping exact counts through a recount', () => {
  it('keeps the exact count of every step the edit did not reach, and estimates the others', () => {
    const before = doc(50_000);
    const memory = rememberExact(before, { people: exact(200_000), rich: exact(61_234), young: exact(40_001), out: exact(61_234) }, 'w/today');
    const shown = keepExact(doc(60_000), { people: estimate(199_900), rich: estimate(48_000), young: estimate(40_100), out: estimate(48_000) }, memory, 'w/today');
    expect(shown).toEqual({ people: exact(200_000), rich: estimate(48_000), young: exact(40_001), out: estimate(48_000) });
  });

  it('keeps nothing for another as-of or workflow', () => {
    const memory = rememberExact(doc(1), { people: exact(5) }, 'w/2025-12-31');
    expect(keepExact(doc(1), { people: estimate(4) }, memory, 'w/today')).toEqual({ people: estimate(4) });
  });

  it('a node fed by a loop matches nothing', () => {
    const loop: WorkflowInput = { schemaVersion: 1, name: 'l', nodes: [{ id: 'a', kind: 'filter', config: {} }, { id: 'b', kind: 'filter', config: {} }], edges: [{ source: 'a', target: 'b' }, { source: 'b', target: 'a' }] };
    expect(lineages(loop).size).toBe(2);
  });
});

describe('saying "Counting…"', () => {
  it('only while the counts on screen are not this document\'s exact ones', () => {
    expect(isCounting(true, true, { a: exact(5) })).toBe(false);
    expect(isCounting(true, true, { a: exact(5), b: estimate(9) })).toBe(true);
    expect(isCounting(true, false, { a: exact(5) })).toBe(true);
    expect(isCounting(true, true, undefined)).toBe(true);
    expect(isCounting(false, false, undefined)).toBe(false);
  });
});

describe('what a step\'s rows are called', () => {
  it('an events step holds events', async () => {
    const { rowWords } = await import('./MembersPanel.tsx');
    expect(rowWords('events')).toEqual({ rows: 'events', none: 'No events reach this step.' });
    expect(rowWords('filter')).toEqual({ rows: 'customers', none: 'Nobody is in this step.' });
  });
});
