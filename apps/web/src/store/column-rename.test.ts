import { describe, expect, it } from 'vitest';
import type { WorkflowInput } from '@segflow/engine';
import { createEditorStore } from './editor-store.ts';
import { selectDocument } from './selectors.ts';

const document: WorkflowInput = {
  schemaVersion: 1, name: 'Spend',
  nodes: [
    { id: 'people', kind: 'source', config: { format: 'csv', path: 'people.csv', key: 'id' } },
    { id: 'calc', kind: 'compute', label: 'Spend per kid', config: { as: 'per_kid', formula: 'income / 2' } },
    { id: 'big', kind: 'filter', label: 'Big', config: { condition: { combinator: 'and', rules: [{ field: 'per_kid', operator: '>', value: 100 }] } } },
    { id: 'out', kind: 'output', config: { segment: 'big', destination: { type: 'csv', path: 'big.csv' }, fields: ['per_kid'] } },
  ],
  edges: [{ source: 'people', target: 'calc' }, { source: 'calc', target: 'big' }, { source: 'big', target: 'out' }],
};

const reads = (doc: WorkflowInput) => ({
  rule: (doc.nodes[2].config as { condition: { rules: { field: string }[] } }).condition.rules[0].field,
  fields: (doc.nodes[3].config as { fields: string[] }).fields,
});

describe('renaming a new column in the editor', () => {
  it('renames it in the rules and outputs that read it, keystroke by keystroke, through an empty box, in one undo', () => {
    const store = createEditorStore();
    store.getState().loadWorkflow({ id: 'w', name: 'Spend', document, revision: 1 });
    const type = (as: string) => store.getState().setNodeConfig('calc', { as, formula: 'income / 2' });
    for (const as of ['per_ki', 'per_k', '', 'h', 'ha', 'half']) type(as);
    expect(reads(selectDocument(store.getState()))).toEqual({ rule: 'half', fields: ['half'] });
    store.getState().undo();
    expect(reads(selectDocument(store.getState()))).toEqual({ rule: 'per_kid', fields: ['per_kid'] });
  });
});
