import type { WorkflowInput } from '@segflow/engine';
import { describe, expect, it } from 'vitest';
import { fromDocument, toDocument } from './document-convert.ts';

describe('document conversion', () => {
  it('keeps a step’s retry policy through the canvas, and adds none where the document has none', () => {
    const doc: WorkflowInput = {
      schemaVersion: 1,
      name: 'Hooks',
      nodes: [
        { id: 'people', kind: 'source', position: { x: 0, y: 0 }, config: { format: 'csv', path: 'people.csv', key: 'id' } },
        { id: 'hook', kind: 'output', position: { x: 200, y: 0 }, config: { segment: 's', destination: { type: 'csv', path: 's.csv' } }, retry: { attempts: 5, backoffMs: 1000 } },
      ],
      edges: [{ id: 'e1', source: 'people', target: 'hook', targetPort: 'in' }],
    };
    const back = toDocument('Hooks', fromDocument(doc));
    expect(back).toEqual(doc);
    expect('retry' in back.nodes[0]).toBe(false);
  });
});
