import { beforeEach, describe, expect, it } from 'vitest';
import { createEditorStore, type EditorStore } from './editor-store.ts';
import { READ_ONLY_REASON } from './read-only.ts';
import { selectDocument, selectInspectedId } from './selectors.ts';
import { TINY_DOCUMENT } from './tiny-document.ts';

const doc = TINY_DOCUMENT;

let store: EditorStore;
const state = () => store.getState();

beforeEach(() => {
  store = createEditorStore({ readOnly: true });
  state().loadWorkflow({ id: 'w1', name: 'Tiny', document: doc, revision: 1 });
});

/** The document, its version and the save state: what an edit would change. */
const unchanged = () => {
  expect(selectDocument(state())).toEqual(doc);
  expect(state().docVersion).toBe(0);
  expect(state().save.status).toBe('saved');
  expect(state().past).toHaveLength(0);
};

describe('a read-only editor store', () => {
  it('lets a reader select a step, which the inspector and members panel follow', () => {
    state().onNodesChange([{ type: 'select', id: 'adults', selected: true }]);
    expect(selectInspectedId(state())).toBe('adults');
    state().selectOnly('out');
    expect(selectInspectedId(state())).toBe('out');
    state().onEdgesChange([{ type: 'select', id: 'e1', selected: true }]);
    expect(state().edges.find((e) => e.id === 'e1')?.selected).toBe(true);
    unchanged();
  });

  it('changes nothing through any edit action, so autosave has nothing to send', () => {
    state().selectOnly('adults');
    expect(state().addNode('filter', { x: 0, y: 0 })).toBeNull();
    state().setNodeConfig('adults', { condition: { combinator: 'or', rules: [] } });
    state().setNodeLabel('adults', 'Grown-ups');
    state().renameWorkflow('Renamed');
    state().setRunDefaults({ mode: 'parallel' });
    state().moveNodes({ people: { x: 99, y: 99 } });
    state().deleteEdge('e1');
    state().deleteSelection();
    state().importDocument({ ...doc, nodes: [] });
    state().replaceDocument({ nodes: [], edges: [] });
    state().copySelection();
    expect(state().paste()).toEqual([]);
    state().touch();
    state().undo();
    state().redo();
    expect(state().name).toBe('Tiny');
    unchanged();
  });

  it('drops moves, removals and additions that React Flow sends, keeping the selection part', () => {
    state().onNodesChange([
      { type: 'position', id: 'people', position: { x: 50, y: 50 }, dragging: true },
      { type: 'remove', id: 'out' },
      { type: 'select', id: 'people', selected: true },
    ]);
    state().onEdgesChange([{ type: 'remove', id: 'e2' }]);
    expect(selectInspectedId(state())).toBe('people');
    unchanged();
  });

  it('refuses a connection and says why', () => {
    expect(state().connect({ source: 'people', target: 'out', sourceHandle: 'out', targetHandle: 'in' })).toEqual({ ok: false, reason: READ_ONLY_REASON });
    unchanged();
  });

  it('edits again once it is no longer read-only (a role raised while the editor is open)', () => {
    state().setReadOnly(false);
    state().setNodeLabel('adults', 'Grown-ups');
    expect(state().nodes.find((n) => n.id === 'adults')?.data.label).toBe('Grown-ups');
    expect(state().save.status).toBe('dirty');
  });
});
