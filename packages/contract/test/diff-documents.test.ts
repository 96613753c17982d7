import { describe, expect, it } from 'vitest';
import { diffDocuments } from '../src/diff-documents.ts';

const filter = (id: string, value: number, label = id) => ({
  id, kind: 'filter', label, position: { x: 0, y: 0 },
  config: { condition: { combinator: 'and', rules: [{ field: 'spend', operator: '>', value }] } },
});
const doc = (nodes: unknown[], edges: unknown[], extra = {}) => ({ schemaVersion: 1, name: 'w', nodes, edges, ...extra });
const src = { id: 'customers', kind: 'source', config: { format: 'csv', path: 'a.csv', key: 'id' } };

describe('diffDocuments', () => {
  it('lists added and removed nodes and edges by their ids and ends', () => {
    const before = doc([src, filter('big', 100)], [{ source: 'customers', target: 'big' }]);
    const after = doc([src, filter('small', 10)], [{ id: 'e9', source: 'customers', target: 'small', targetPort: 'in' }]);
    const diff = diffDocuments(before, after);
    expect(diff.nodes.added).toEqual([{ id: 'small', kind: 'filter', label: 'small' }]);
    expect(diff.nodes.removed).toEqual([{ id: 'big', kind: 'filter', label: 'big' }]);
    expect(diff.edges.added).toEqual([{ source: 'customers', target: 'small', targetPort: 'in' }]);
    expect(diff.edges.removed).toEqual([{ source: 'customers', target: 'big', targetPort: 'in' }]);
  });

  it('reports a changed config per key, and a relabel as a change of the same node', () => {
    const diff = diffDocuments(doc([filter('big', 100)], []), doc([filter('big', 500, 'Big spenders')], []));
    expect(diff.nodes.added).toEqual([]);
    expect(diff.nodes.changed).toHaveLength(1);
    expect(diff.nodes.changed[0].fields).toEqual([{ key: 'label', from: 'big', to: 'Big spenders' }]);
    expect(diff.nodes.changed[0].config.map((c) => c.key)).toEqual(['condition']);
  });

  it('does not count key order as a change, and keeps a move apart from changes', () => {
    const moved = { ...filter('big', 100), position: { x: 5, y: 0 } };
    const reordered = { config: filter('big', 100).config, kind: 'filter', label: 'big', id: 'big', position: { x: 0, y: 0 } };
    expect(diffDocuments(doc([filter('big', 100)], []), doc([reordered], [])).nodes.changed).toEqual([]);
    const diff = diffDocuments(doc([filter('big', 100)], []), doc([moved], []));
    expect(diff.nodes.changed).toEqual([]);
    expect(diff.nodes.moved).toEqual(['big']);
  });

  it('reports run defaults and name changes, and survives half-made drafts', () => {
    const diff = diffDocuments(doc([], [], { run: { mode: 'parallel' } }), { name: 'x', nodes: [null, { kind: 'filter' }], edges: 'no' });
    expect(diff.settings.map((s) => s.key)).toEqual(['name', 'run']);
    expect(diff.nodes.added).toEqual([]);
  });
});
