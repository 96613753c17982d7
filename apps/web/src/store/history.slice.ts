import type { DocumentSnapshot, EditorNode } from './editor-types.ts';
import type { SliceCreator } from './slice.ts';

export const HISTORY_LIMIT = 100;
/** Edits to one field within this window undo together, like typing a word. */
export const COALESCE_MS = 1500;

export interface HistoryData {
  past: DocumentSnapshot[];
  future: DocumentSnapshot[];
  lastRecord?: { key: string; at: number };
}

export interface HistoryActions {
  /** Remembers the document as it is now, before a change. `key` merges repeated edits of one thing. */
  record: (key?: string) => void;
  /** Runs several changes as one undo step (the first change's record stands for all). */
  asOneEdit: (change: () => void) => void;
  undo: () => void;
  redo: () => void;
  clearHistory: () => void;
}

export type HistorySlice = HistoryData & HistoryActions;

// Selection and measuring are view state: undo restores the document, not what was clicked.
const strip = (n: EditorNode): EditorNode => {
  const { selected: _s, dragging: _d, ...rest } = n;
  return rest;
};

export const createHistorySlice: SliceCreator<HistorySlice> = (set, get) => {
  const snapshot = (): DocumentSnapshot => {
    const { nodes, edges, runDefaults } = get();
    return { nodes: nodes.map(strip), edges: edges.map(({ selected: _s, ...e }) => e), runDefaults };
  };

  const restore = (target: DocumentSnapshot) => {
    const selected = new Set(get().nodes.filter((n) => n.selected).map((n) => n.id));
    get().replaceDocument({ ...target, nodes: target.nodes.map((n) => ({ ...n, selected: selected.has(n.id) })) });
  };

  // Inside asOneEdit: whether its one record was made.
  let batch: { recorded: boolean } | undefined;

  return {
    past: [],
    future: [],
    record: (key) => {
      if (batch) {
        if (batch.recorded) return;
        batch.recorded = true;
      }
      const now = Date.now();
      const last = get().lastRecord;
      if (key && last && last.key === key && now - last.at < COALESCE_MS) {
        set({ lastRecord: { key, at: now } });
        return;
      }
      set((s) => ({
        past: [...s.past, snapshot()].slice(-HISTORY_LIMIT),
        future: [],
        lastRecord: key ? { key, at: now } : undefined,
      }));
    },
    asOneEdit: (change) => {
      const outer = batch;
      batch = outer ?? { recorded: false };
      try {
        change();
      } finally {
        batch = outer;
      }
    },
    undo: () => {
      const { past, future } = get();
      if (!past.length) return;
      const previous = past[past.length - 1];
      set({ past: past.slice(0, -1), future: [...future, snapshot()], lastRecord: undefined });
      restore(previous);
    },
    redo: () => {
      const { past, future } = get();
      if (!future.length) return;
      const next = future[future.length - 1];
      set({ past: [...past, snapshot()], future: future.slice(0, -1), lastRecord: undefined });
      restore(next);
    },
    clearHistory: () => set({ past: [], future: [], lastRecord: undefined }),
  };
};
