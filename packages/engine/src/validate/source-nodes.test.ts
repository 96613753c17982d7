import { describe, expect, it } from 'vitest';
import { parseWorkflow } from '../model/parse-workflow.ts';
import { sourceReads } from './source-nodes.ts';

const source = (id: string, path: string) => ({ id, kind: 'source', config: { format: 'csv', path, key: 'id' } });

describe('the sources a document reads', () => {
  it('are its source nodes, the first node of each id only, as validation counts them', () => {
    const parsed = parseWorkflow({
      schemaVersion: 1,
      nodes: [
        source('a', 'a.csv'),
        { id: 'b', kind: 'filter', config: { condition: { combinator: 'and', rules: [] } } },
        source('b', 'shadowed.csv'), // a second node of id b: validation reports it, nothing reads it
        source('a', 'also-shadowed.csv'),
        source('c', 'c.csv'),
      ],
      edges: [],
    });
    expect(sourceReads(parsed).map(({ nodeId, read }) => `${nodeId}:${(read as { path: string }).path}`)).toEqual(['a:a.csv', 'c:c.csv']);
  });

  it('are none for a document without sources or one that does not parse', () => {
    expect(sourceReads(parseWorkflow({ schemaVersion: 1, nodes: [{ id: 'x', kind: 'union', config: {} }], edges: [] }))).toEqual([]);
    expect(sourceReads(parseWorkflow({ nodes: 'no' }))).toEqual([]);
  });
});
