import { createStore } from 'zustand/vanilla';
import { createClipboardSlice, type ClipboardSlice } from './clipboard.slice.ts';
import { createDocumentSlice, type DocumentSlice } from './document.slice.ts';
import { createHistorySlice, type HistorySlice } from './history.slice.ts';
import { createSaveSlice, type SaveSlice } from './save.slice.ts';
import { createUiSlice, type UiSlice } from './ui.slice.ts';

export type EditorState = DocumentSlice & HistorySlice & ClipboardSlice & SaveSlice & UiSlice;
export type EditorStore = ReturnType<typeof createEditorStore>;

/**
 * One store per open workflow, made by this factory and handed down by
 * `EditorStoreProvider`: two editors never share state, and tests make their own.
 */
export function createEditorStore() {
  return createStore<EditorState>()((...a) => ({
    ...createDocumentSlice(...a),
    ...createHistorySlice(...a),
    ...createClipboardSlice(...a),
    ...createSaveSlice(...a),
    ...createUiSlice(...a),
  }));
}
