import type { WorkflowInput } from '@segflow/engine';

/** people → adults → out: the document the store's tests load. */
export const TINY_DOCUMENT: WorkflowInput = {
  schemaVersion: 1,
  name: 'Tiny',
  nodes: [
    { id: 'people', kind: 'source', position: { x: 0, y: 0 }, config: { format: 'csv', path: 'people.csv', key: 'id' } },
    { id: 'adults', kind: 'filter', position: { x: 200, y: 0 }, config: { condition: { combinator: 'and', rules: [] } } },
    { id: 'out', kind: 'output', position: { x: 400, y: 0 }, config: { segment: 'adults', destination: { type: 'csv', path: 'a.csv' } } },
  ],
  edges: [
    { id: 'e1', source: 'people', target: 'adults', targetPort: 'in' },
    { id: 'e2', source: 'adults', target: 'out', targetPort: 'in' },
  ],
};
