import type { WorkflowInput } from '@segflow/engine';
import { describe, expect, it } from 'vitest';
import { configChanges, diffDocuments, isEmptyDiff } from './diff-documents.ts';

const v1: WorkflowInput = {
  schemaVersion: 1,
  nodes: [
    { id: 'src', kind: 'source', position: { x: 0, y: 0 }, config: { path: 'a.csv' } },
    { id: 'f', kind: 'filter', config: { condition: { combinator: 'and', rules: [{ field: 'age', operator: '>', value: 30 }] } } },
    { id: 'old', kind: 'union', config: {} },
  ],
  edges: [{ source: 'src', target: 'f' }, { source: 'f', target: 'old' }],
};

describe('diffDocuments', () => {
  it('lists added, removed and changed nodes and edges, ignoring positions', () => {
    const v2: WorkflowInput = {
      schemaVersion: 1,
      nodes: [
        { id: 'src', kind: 'source', position: { x: 500, y: 90 }, config: { path: 'a.csv' } },
        { id: 'f', kind: 'filter', label: 'Over 40', config: { condition: { combinator: 'and', rules: [{ field: 'age', operator: '>', value: 40 }] } } },
        { id: 'out', kind: 'output', config: { segment: 's' } },
      ],
      edges: [{ source: 'src', target: 'f' }, { source: 'f', target: 'out', targetPort: 'in' }],
    };
    const d = diffDocuments(v1, v2);
    expect(d.nodes).toEqual({
      added: ['out'],
      removed: ['old'],
      changed: [{ id: 'f', changes: [
        { path: 'label', before: undefined, after: 'Over 40' },
        { path: 'condition.rules', before: [{ field: 'age', operator: '>', value: 30 }], after: [{ field: 'age', operator: '>', value: 40 }] },
      ] }],
    });
    expect(d.edges).toEqual({ added: ['f → out'], removed: ['f → old'] });
  });

  it('finds nothing between a document and itself moved around', () => {
    const moved = { ...v1, nodes: v1.nodes.map((n) => ({ ...n, position: { x: 1, y: 2 } })) };
    expect(isEmptyDiff(diffDocuments(v1, moved))).toBe(true);
  });

  it('treats everything as added when nothing was published', () => {
    expect(diffDocuments(undefined, v1).nodes.added).toEqual(['src', 'f', 'old']);
  });

  it('reports nested config leaves by path', () => {
    expect(configChanges({ destination: { type: 'csv', path: 'a' } }, { destination: { type: 'csv', path: 'b' } })).toEqual([
      { path: 'destination.path', before: 'a', after: 'b' },
    ]);
  });
});
