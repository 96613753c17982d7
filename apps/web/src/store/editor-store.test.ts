import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEditorStore, type EditorStore } from './editor-store.ts';
import { COALESCE_MS } from './history.slice.ts';
import { selectAsOf, selectDocument, selectInspectedId } from './selectors.ts';
import { TINY_DOCUMENT } from './tiny-document.ts';

const doc = TINY_DOCUMENT;

let store: EditorStore;
const state = () => store.getState();
const ids = () => state().nodes.map((n) => n.id);

beforeEach(() => {
  store = createEditorStore();
  state().loadWorkflow({ id: 'w1', name: 'Tiny', document: doc, revision: 1 });
});
afterEach(() => vi.useRealTimers());

describe('editor store: document', () => {
  it('round-trips the document it was loaded with', () => {
    expect(selectDocument(state())).toEqual(doc);
    expect(state().save.status).toBe('saved');
  });

  it('adds a node with its kind’s defaults, selected, under a fresh id', () => {
    const id = state().addNode('filter', { x: 10, y: 20 });
    expect(id).toBe('filter_1');
    expect(selectInspectedId(state())).toBe('filter_1');
    expect(state().nodes.at(-1)?.data.config).toEqual({ condition: { combinator: 'and', rules: [] } });
    expect(state().save.status).toBe('dirty');
  });

  it('names a new step by its kind, numbered when a step already has that name', () => {
    const first = state().addNode('filter', { x: 0, y: 0 });
    const second = state().addNode('filter', { x: 0, y: 100 });
    const labelOf = (id: string | null) => state().nodes.find((n) => n.id === id)?.data.label;
    // The tiny document's unnamed filter is already shown as "Filter".
    expect([labelOf(first), labelOf(second)]).toEqual(['Filter 2', 'Filter 3']);
    expect(labelOf(state().addNode('union', { x: 0, y: 200 }))).toBe('Either (OR)');
  });

  it('adds a node wired from the step it follows, undone in one step', () => {
    const edges = state().edges.length;
    const id = state().addNode('filter', { x: 10, y: 20 }, { source: 'adults', port: 'in' });
    expect(state().edges.at(-1)).toMatchObject({ source: 'adults', target: id, targetHandle: 'in' });
    state().undo();
    expect(ids()).not.toContain(id);
    expect(state().edges.length).toBe(edges);
  });

  it('adds the node unwired when the step before cannot feed it', () => {
    const edges = state().edges;
    state().addNode('filter', { x: 10, y: 20 }, { source: 'out', port: 'in' });
    expect(state().edges).toEqual(edges);
  });

  it('deletes selected nodes together with their edges', () => {
    state().selectOnly('adults');
    state().deleteSelection();
    expect(ids()).toEqual(['people', 'out']);
    expect(state().edges).toEqual([]);
  });

  it('connects valid ports and refuses invalid ones without changing anything', () => {
    state().deleteEdge('e2');
    expect(state().connect({ source: 'adults', target: 'out', sourceHandle: 'out', targetHandle: 'in' }).ok).toBe(true);
    const before = state().edges;
    const refused = state().connect({ source: 'out', target: 'adults', sourceHandle: 'out', targetHandle: 'in' });
    expect(refused.ok).toBe(false);
    expect(state().edges).toBe(before);
  });
});

describe('editor store: undo and redo', () => {
  it('undoes and redoes an added node', () => {
    state().addNode('union', { x: 0, y: 0 });
    expect(ids()).toContain('union_1');
    state().undo();
    expect(ids()).not.toContain('union_1');
    state().redo();
    expect(ids()).toContain('union_1');
  });

  it('makes a whole drag one step', () => {
    state().onNodesChange([{ type: 'position', id: 'people', position: { x: 5, y: 5 }, dragging: true }]);
    state().onNodesChange([{ type: 'position', id: 'people', position: { x: 50, y: 50 }, dragging: true }]);
    state().onNodesChange([{ type: 'position', id: 'people', position: { x: 90, y: 90 }, dragging: true }]);
    state().onNodesChange([{ type: 'position', id: 'people', dragging: false }]);
    expect(state().nodes[0].position).toEqual({ x: 90, y: 90 });
    state().undo();
    expect(state().nodes[0].position).toEqual({ x: 0, y: 0 });
    expect(state().past).toHaveLength(0);
  });

  it('merges quick edits of one node’s settings into one step, but not slow ones', () => {
    vi.useFakeTimers();
    state().setNodeConfig('out', { segment: 'a', destination: { type: 'csv', path: 'a.csv' } });
    state().setNodeConfig('out', { segment: 'ad', destination: { type: 'csv', path: 'a.csv' } });
    vi.advanceTimersByTime(COALESCE_MS + 1);
    state().setNodeConfig('out', { segment: 'adx', destination: { type: 'csv', path: 'a.csv' } });
    state().undo();
    expect(state().nodes[2].data.config.segment).toBe('ad');
    state().undo();
    expect(state().nodes[2].data.config.segment).toBe('adults');
  });

  it('drops the redo stack on a new edit', () => {
    state().addNode('union', { x: 0, y: 0 });
    state().undo();
    state().addNode('intersect', { x: 0, y: 0 });
    expect(state().future).toHaveLength(0);
    state().redo();
    expect(ids()).not.toContain('union_1');
  });

  it('does not record selection changes', () => {
    state().onNodesChange([{ type: 'select', id: 'people', selected: true }]);
    expect(state().past).toHaveLength(0);
    expect(state().save.status).toBe('saved');
  });

  it('marks undo as an edit for autosave', () => {
    state().addNode('union', { x: 0, y: 0 });
    state().dispatchSave({ type: 'save-started', version: state().docVersion });
    state().dispatchSave({ type: 'save-succeeded', version: state().docVersion, revision: 2 });
    state().undo();
    expect(state().save.status).toBe('dirty');
  });
});

describe('editor store: copy and paste', () => {
  it('pastes the selection with new ids, inner edges only, offset and selected', () => {
    store.setState((s) => ({ nodes: s.nodes.map((n) => ({ ...n, selected: n.id !== 'people' })) }));
    expect(state().copySelection()).toBe(2);
    const pasted = state().paste();
    expect(pasted).toEqual(['filter_1', 'output_1']);
    const copies = state().nodes.filter((n) => pasted.includes(n.id));
    expect(copies.every((n) => n.selected)).toBe(true);
    expect(copies[0].position).toEqual({ x: 240, y: 40 });
    expect(state().edges.filter((e) => pasted.includes(e.target)).map((e) => [e.source, e.target])).toEqual([['filter_1', 'output_1']]);
    expect(state().nodes.filter((n) => !pasted.includes(n.id)).some((n) => n.selected)).toBe(false);
  });

  it('gives pasted outputs a free segment name and pastes again further along', () => {
    state().selectOnly('out');
    state().copySelection();
    state().paste();
    state().paste();
    const segments = state().nodes.filter((n) => n.data.kind === 'output').map((n) => n.data.config.segment);
    expect(segments).toEqual(['adults', 'adults_2', 'adults_3']);
    expect(state().nodes.at(-1)?.position).toEqual({ x: 480, y: 80 });
  });

  it('names a pasted step apart from its original, and a step without a name stays without', () => {
    state().setNodeLabel('out', 'VIP');
    state().selectOnly('out');
    state().copySelection();
    state().paste();
    state().paste();
    expect(state().nodes.filter((n) => n.data.kind === 'output').map((n) => n.data.label)).toEqual(['VIP', 'VIP (copy)', 'VIP (copy) 2']);
    state().selectOnly('adults');
    state().copySelection();
    state().paste();
    expect(state().nodes.at(-1)?.data.label).toBeUndefined();
  });

  it('moves a pasted output to its own file when the file is named after its segment', () => {
    state().setNodeConfig('out', { segment: 'adults', destination: { type: 'csv', path: 'adults.csv' } });
    state().selectOnly('out');
    state().copySelection();
    state().paste();
    expect(state().nodes.at(-1)?.data.config).toEqual({ segment: 'adults_2', destination: { type: 'csv', path: 'adults_2.csv' } });
  });

  it('gives a pasted table output its own table when the table is named after its segment', () => {
    state().setNodeConfig('out', { segment: 'adults', destination: { type: 'postgres', connection: 'crm_db', table: 'adults' } });
    state().selectOnly('out');
    state().copySelection();
    state().paste();
    expect(state().nodes.at(-1)?.data.config).toEqual({ segment: 'adults_2', destination: { type: 'postgres', connection: 'crm_db', table: 'adults_2' } });
  });

  it('gives a second new output its own segment and file', () => {
    state().addNode('output', { x: 0, y: 0 });
    state().addNode('output', { x: 0, y: 100 });
    const added = state().nodes.slice(-2).map((n) => n.data.config);
    expect(added).toEqual([
      { segment: 'my_segment', destination: { type: 'csv', path: 'my_segment.csv' } },
      { segment: 'my_segment_2', destination: { type: 'csv', path: 'my_segment_2.csv' } },
    ]);
  });

  it('undoes a paste in one step', () => {
    state().selectOnly('adults');
    state().copySelection();
    state().paste();
    state().undo();
    expect(ids()).toEqual(['people', 'adults', 'out']);
  });
});

describe('editor store: import', () => {
  it('replaces the draft with an imported document, undoably', () => {
    state().importDocument({ schemaVersion: 1, name: 'Other', nodes: [{ id: 'x', kind: 'union', config: {} }], edges: [] });
    expect(ids()).toEqual(['x']);
    expect(state().name).toBe('Other');
    state().undo();
    expect(ids()).toEqual(['people', 'adults', 'out']);
  });
});

describe('editor store: as-of date', () => {
  it('keeps the as-of date in the document, so it is saved and undone like any edit', () => {
    state().setAsOf('2025-12-31');
    expect(selectDocument(state()).run).toEqual({ asOf: '2025-12-31' });
    expect(selectAsOf(state())).toBe('2025-12-31');
    expect(state().save.status).toBe('dirty');
    state().undo();
    expect(selectDocument(state()).run).toBeUndefined();
    expect(selectAsOf(state())).toBe('');
  });

  it('clears the date back to today without dropping the other run defaults', () => {
    state().setRunDefaults({ mode: 'parallel', asOf: '2024-01-01' });
    state().setAsOf('');
    expect(selectDocument(state()).run).toEqual({ mode: 'parallel' });
  });
});

describe('editor store: deleting what others use', () => {
  it('deletes a step nothing depends on at once', () => {
    state().selectOnly('out');
    state().requestDelete();
    expect(state().pendingDelete).toBeNull();
    expect(ids()).toEqual(['people', 'adults']);
  });

  it('asks first when other steps use the selection, and deletes only on yes', () => {
    state().selectOnly('adults');
    state().requestDelete();
    expect(state().pendingDelete?.message).toBe("'Filter · adults' is used by 'Segment output · out'. Delete it?");
    expect(ids()).toEqual(['people', 'adults', 'out']);
    state().cancelDelete();
    expect(ids()).toEqual(['people', 'adults', 'out']);
    state().requestDelete();
    state().confirmDelete();
    expect(ids()).toEqual(['people', 'out']);
    expect(state().pendingDelete).toBeNull();
  });

  it('never asks a viewer', () => {
    const viewer = createEditorStore({ readOnly: true });
    viewer.getState().loadWorkflow({ id: 'w1', name: 'Tiny', document: doc, revision: 1 });
    viewer.getState().selectOnly('adults');
    viewer.getState().requestDelete();
    expect(viewer.getState().pendingDelete).toBeNull();
    expect(viewer.getState().nodes).toHaveLength(3);
  });
});
