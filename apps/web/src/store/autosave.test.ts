import type { WorkflowInput } from '@segflow/engine';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startAutosave, type SaveDraft } from './autosave.ts';
import { createEditorStore, type EditorStore } from './editor-store.ts';

const doc: WorkflowInput = { schemaVersion: 1, name: 'W', nodes: [], edges: [] };

let store: EditorStore;
beforeEach(() => {
  vi.useFakeTimers();
  store = createEditorStore();
  store.getState().loadWorkflow({ id: 'w1', name: 'W', document: doc, revision: 5 });
});
afterEach(() => vi.useRealTimers());

const deferred = <T>() => {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
};

describe('autosave', () => {
  it('sends the draft once, after the edits stop, with the revision it was based on', async () => {
    const save = vi.fn<SaveDraft>(async () => ({ revision: 6 }));
    const autosave = startAutosave(store, save, 800);
    store.getState().addNode('filter', { x: 0, y: 0 });
    vi.advanceTimersByTime(500);
    store.getState().addNode('union', { x: 0, y: 0 });
    vi.advanceTimersByTime(799);
    expect(save).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(save).toHaveBeenCalledTimes(1);
    expect(save.mock.calls[0][1].revision).toBe(5);
    expect(save.mock.calls[0][1].document.nodes.map((n) => n.id)).toEqual(['filter_1', 'union_1']);
    expect(store.getState().save).toMatchObject({ status: 'saved', revision: 6 });
    autosave.stop();
  });

  it('still sends an edit made just before the editor closes', async () => {
    const save = vi.fn<SaveDraft>(async () => ({ revision: 6 }));
    const autosave = startAutosave(store, save, 800);
    store.getState().renameWorkflow('Renamed');
    autosave.stop();
    await vi.advanceTimersByTimeAsync(0);
    expect(save).toHaveBeenCalledTimes(1);
    expect(save.mock.calls[0][1]).toMatchObject({ name: 'Renamed', revision: 5 });
    // Stopped: later edits are not watched any more.
    store.getState().renameWorkflow('Again');
    await vi.advanceTimersByTimeAsync(1000);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('saves again with the new revision when edited during a save', async () => {
    const first = deferred<{ revision: number }>();
    const save = vi.fn<SaveDraft>().mockReturnValueOnce(first.promise).mockResolvedValueOnce({ revision: 7 });
    const autosave = startAutosave(store, save, 100);
    store.getState().addNode('filter', { x: 0, y: 0 });
    await vi.advanceTimersByTimeAsync(100);
    store.getState().renameWorkflow('Renamed');
    expect(store.getState().save.status).toBe('saving');
    first.resolve({ revision: 6 });
    await vi.advanceTimersByTimeAsync(100);
    expect(save).toHaveBeenCalledTimes(2);
    expect(save.mock.calls[1][1]).toMatchObject({ name: 'Renamed', revision: 6 });
    expect(store.getState().save).toMatchObject({ status: 'saved', revision: 7 });
    autosave.stop();
  });

  it('stops on a 409 and keeps the edits, then overwrites when asked', async () => {
    const save = vi.fn<SaveDraft>().mockRejectedValueOnce(Object.assign(new Error('stale'), { status: 409, code: 'conflict', details: { current: { revision: 9 } } })).mockResolvedValueOnce({ revision: 10 });
    const autosave = startAutosave(store, save, 100);
    store.getState().addNode('filter', { x: 0, y: 0 });
    await vi.advanceTimersByTimeAsync(100);
    expect(store.getState().save).toMatchObject({ status: 'conflict', conflictRevision: 9 });
    store.getState().addNode('union', { x: 0, y: 0 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(save).toHaveBeenCalledTimes(1);
    expect(store.getState().nodes).toHaveLength(2);
    store.getState().dispatchSave({ type: 'overwrite', revision: 9 });
    await vi.advanceTimersByTimeAsync(100);
    expect(save.mock.calls[1][1].revision).toBe(9);
    expect(store.getState().save).toMatchObject({ status: 'saved', revision: 10 });
    autosave.stop();
  });

  it('reports a failed save and flushes on demand', async () => {
    const save = vi.fn<SaveDraft>().mockRejectedValueOnce(new Error('The server is not reachable.')).mockResolvedValueOnce({ revision: 6 });
    const autosave = startAutosave(store, save, 100);
    store.getState().addNode('filter', { x: 0, y: 0 });
    await vi.advanceTimersByTimeAsync(100);
    expect(store.getState().save).toMatchObject({ status: 'error', error: 'The server is not reachable.' });
    store.getState().addNode('union', { x: 0, y: 0 });
    await autosave.flush();
    expect(store.getState().save.status).toBe('saved');
    autosave.stop();
  });
});
