import { createStore } from 'zustand/vanilla';
import { createClipboardSlice, type ClipboardSlice } from './clipboard.slice.ts';
import { createDeleteSlice, type DeleteSlice } from './delete.slice.ts';
import { createDocumentSlice, type DocumentSlice } from './document.slice.ts';
import { createHistorySlice, type HistorySlice } from './history.slice.ts';
import { createReadOnlySlice, guardEdits, type ReadOnlySlice } from './read-only.ts';
import { createSaveSlice, type SaveSlice } from './save.slice.ts';
import { createUiSlice, type UiSlice } from './ui.slice.ts';

export type EditorState = DocumentSlice & HistorySlice & ClipboardSlice & SaveSlice & UiSlice & ReadOnlySlice & DeleteSlice;
export type EditorStore = ReturnType<typeof createEditorStore>;

/**
 * One store per open workflow, made by this factory and handed down by
 * `EditorStoreProvider`: two editors never share state, and tests make their own.
 * A `readOnly` store (a viewer's) turns every document edit into a no-op.
 */
export function createEditorStore({ readOnly = false }: { readOnly?: boolean } = {}) {
  return createStore<EditorState>()((...a) =>
    guardEdits(
      {
        ...createDocumentSlice(...a),
        ...createHistorySlice(...a),
        ...createClipboardSlice(...a),
        ...createSaveSlice(...a),
        ...createUiSlice(...a),
        ...createDeleteSlice(...a),
        ...createReadOnlySlice(readOnly)(...a),
      },
      a[1],
    ),
  );
}
