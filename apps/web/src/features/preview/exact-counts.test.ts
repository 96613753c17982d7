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

const source = { id: 'people', kind: 'source', config: { format: 'csv', path: 'p.csv', key: 'id' } };
const filter = (id: string, threshold: number) => ({ id, kind: 'filter', config: { condition: { combinator: 'and', rules: [{ field: 'income', operator: '>', value: threshold }] } } });

/** `steps` filters one after another, the last one's threshold `last`. */
const chain = (steps: number, last: number): WorkflowInput => ({
  schemaVersion: 1, name: 'chain',
  nodes: [source, ...Array.from({ length: steps }, (_, i) => filter(`f${i}`, i === steps - 1 ? last : i))],
  edges: Array.from({ length: steps }, (_, i) => ({ source: i ? `f${i - 1}` : 'people', target: `f${i}` })),
});

/** `diamonds` times: a step split into two filters joined again, each diamond fed by the last. */
const diamonds = (count: number, last: number): WorkflowInput => {
  const nodes: WorkflowInput['nodes'] = [source];
  const edges: NonNullable<WorkflowInput['edges']> = [];
  let from = 'people';
  for (let d = 0; d < count; d++) {
    nodes.push(filter(`l${d}`, d), filter(`r${d}`, d === count - 1 ? last : d), { id: `j${d}`, kind: 'union', config: {} });
    edges.push({ source: from, target: `l${d}` }, { source: from, target: `r${d}` }, { source: `l${d}`, target: `j${d}` }, { source: `r${d}`, target: `j${d}` });
    from = `j${d}`;
  }
  return { schemaVersion: 1, name: 'diamonds', nodes, edges };
};

const allExact = (d: WorkflowInput) => Object.fromEntries(d.nodes.map((n, i) => [n.id, exact(i)]));
const allEstimates = (d: WorkflowInput) => Object.fromEntries(d.nodes.map((n) => [n.id, estimate(1)]));

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

  // Lineages once held their inputs' lineages written out, escaped again at every
  // step: fourfold per step, so a 23-step chain crashed the browser tab.
  it('keeps them along a 60-step chain, up to the step edited', () => {
    const memory = rememberExact(chain(60, 1_000), allExact(chain(60, 1_000)), 'w/today');
    const shown = keepExact(chain(60, 2_000), allEstimates(chain(60, 2_000)), memory, 'w/today');
    expect(Object.values(shown).filter((c) => c.exact)).toHaveLength(60);
    expect(shown.f59).toEqual(estimate(1));
  });

  it('keeps them through 40 diamonds in a row, up to the step edited', () => {
    const memory = rememberExact(diamonds(40, 1_000), allExact(diamonds(40, 1_000)), 'w/today');
    const shown = keepExact(diamonds(40, 2_000), allEstimates(diamonds(40, 2_000)), memory, 'w/today');
    expect(Object.values(shown).filter((c) => c.exact)).toHaveLength(1 + 39 * 3 + 1);
    expect([shown.r39, shown.j39]).toEqual([estimate(1), estimate(1)]);
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
