import type { WorkflowInput } from '@segflow/engine';
import { describe, expect, it } from 'vitest';
import { sourceFactsFor } from './source-facts.ts';

const doc: WorkflowInput = {
  schemaVersion: 1,
  nodes: [
    { id: 'people', kind: 'source', config: { format: 'csv', path: 'people.csv', key: 'id', columns: { joined: { type: 'date' } } } },
    { id: 'ghost', kind: 'source', config: { format: 'csv', path: 'missing.csv', key: 'id' } },
    { id: 'f', kind: 'filter', config: {} },
  ],
};
const datasets = [{ name: 'people.csv', columns: [{ name: 'id', type: 'integer' as const }, { name: 'joined', type: 'string' as const }] }];

describe('sourceFactsFor', () => {
  it('gives each source its dataset’s columns with the node’s type overrides', () => {
    const facts = sourceFactsFor(doc, datasets);
    expect(facts.people).toEqual({ ok: true, columns: [{ name: 'id', type: 'integer', duckType: '' }, { name: 'joined', type: 'date', duckType: '' }] });
  });

  it('reports a missing dataset and leaves other kinds alone', () => {
    const facts = sourceFactsFor(doc, datasets);
    expect(facts.ghost).toMatchObject({ ok: false });
    expect(facts.f).toBeUndefined();
  });

  it('knows nothing while the dataset list is loading', () => {
    expect(sourceFactsFor(doc, undefined)).toEqual({});
  });
});
