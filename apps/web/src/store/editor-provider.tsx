import { createContext, useContext, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { createEditorStore, type EditorState, type EditorStore } from './editor-store.ts';

const EditorStoreContext = createContext<EditorStore | null>(null);

export function EditorStoreProvider({ children, store }: { children: ReactNode; store?: EditorStore }) {
  const [own] = useState(() => store ?? createEditorStore());
  return <EditorStoreContext.Provider value={own}>{children}</EditorStoreContext.Provider>;
}

export function useEditorStoreApi(): EditorStore {
  const store = useContext(EditorStoreContext);
  if (!store) throw new Error('useEditor… must be used inside <EditorStoreProvider>');
  return store;
}

/** Reads one value; re-renders only when it changes (by identity). */
export function useEditor<T>(selector: (s: EditorState) => T): T {
  return useStore(useEditorStoreApi(), selector);
}

/** Reads an object or array of values compared shallowly, for selectors that build one. */
export function useEditorShallow<T>(selector: (s: EditorState) => T): T {
  return useStore(useEditorStoreApi(), useShallow(selector));
}
