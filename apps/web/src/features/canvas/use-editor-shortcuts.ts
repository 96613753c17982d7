import { useEffect } from 'react';
import type { EditorStore } from '../../store/editor-store.ts';

/** Typing in a field must never delete nodes or undo the graph. */
const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/**
 * The editor's keys: Ctrl/⌘+Z undo, Ctrl/⌘+Shift+Z or Ctrl+Y redo, Ctrl/⌘+C/V copy
 * and paste, Ctrl/⌘+A select all, Delete/Backspace delete the selection.
 */
export function useEditorShortcuts(store: EditorStore, onNotice: (text: string) => void) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.defaultPrevented) return;
      if ((e.target as HTMLElement | null)?.closest?.('dialog[open]')) return;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      const s = store.getState();
      if (mod && key === 'z') {
        e.preventDefault();
        if (e.shiftKey) s.redo();
        else s.undo();
      } else if (mod && key === 'y') {
        e.preventDefault();
        s.redo();
      } else if (mod && key === 'c') {
        const n = s.copySelection();
        if (n) onNotice(`Copied ${n} step${n === 1 ? '' : 's'}.`);
      } else if (mod && key === 'v') {
        e.preventDefault();
        s.paste();
      } else if (mod && key === 'a') {
        e.preventDefault();
        store.setState((st) => ({ nodes: st.nodes.map((n) => (n.selected ? n : { ...n, selected: true })) }));
      } else if (!mod && (e.key === 'Delete' || e.key === 'Backspace')) {
        e.preventDefault();
        s.requestDelete();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, onNotice]);
}
