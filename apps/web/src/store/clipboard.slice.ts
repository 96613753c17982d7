import { edgeIdFor } from './document-convert.ts';
import type { EditorEdge, EditorNode } from './editor-types.ts';
import { uniqueId, uniqueLabel } from './ids.ts';
import { segmentsOf, withFreeSegment } from './output-names.ts';
import type { SliceCreator } from './slice.ts';

/** Each paste lands this far from the previous one, so copies never hide each other. */
export const PASTE_OFFSET = 40;

export interface ClipboardData {
  clipboard: { nodes: EditorNode[]; edges: EditorEdge[] } | null;
  pasteCount: number;
}

export interface ClipboardActions {
  copySelection: () => number;
  paste: () => string[];
}

export type ClipboardSlice = ClipboardData & ClipboardActions;

export const createClipboardSlice: SliceCreator<ClipboardSlice> = (set, get) => ({
  clipboard: null,
  pasteCount: 0,

  copySelection: () => {
    const { nodes, edges } = get();
    const picked = nodes.filter((n) => n.selected);
    const ids = new Set(picked.map((n) => n.id));
    if (!picked.length) return 0;
    // Only edges inside the selection come along: a pasted piece is self-contained.
    const inside = edges.filter((e) => ids.has(e.source) && ids.has(e.target));
    set({ clipboard: structuredClone({ nodes: picked, edges: inside }), pasteCount: 0 });
    return picked.length;
  },

  paste: () => {
    const { clipboard, pasteCount, nodes } = get();
    if (!clipboard?.nodes.length) return [];
    const taken = new Set(nodes.map((n) => n.id));
    const labels = new Set(nodes.map((n) => n.data.label ?? ''));
    const segments = segmentsOf(nodes);
    const offset = PASTE_OFFSET * (pasteCount + 1);
    const rename = new Map<string, string>();
    const pasted: EditorNode[] = clipboard.nodes.map((n) => {
      const id = uniqueId(n.data.kind, taken);
      taken.add(id);
      rename.set(n.id, id);
      let config = structuredClone(n.data.config);
      if (n.data.kind === 'output') {
        config = withFreeSegment(config, segments);
        segments.add(String(config.segment));
      }
      // A copy is named apart from its original, so problems and lists can tell them apart.
      const label = n.data.label && labels.has(n.data.label) ? uniqueLabel(`${n.data.label} (copy)`, labels) : n.data.label;
      if (label) labels.add(label);
      const { measured: _m, ...rest } = n;
      return { ...rest, id, selected: true, position: { x: n.position.x + offset, y: n.position.y + offset }, data: { ...n.data, label, config } };
    });
    const pastedEdges: EditorEdge[] = clipboard.edges.map((e) => {
      const source = rename.get(e.source)!;
      const target = rename.get(e.target)!;
      return { ...e, id: edgeIdFor(source, target, e.targetHandle ?? 'in'), source, target, selected: false };
    });
    get().record();
    set((s) => ({
      pasteCount: s.pasteCount + 1,
      nodes: [...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...pasted],
      edges: [...s.edges, ...pastedEdges],
    }));
    get().touch();
    return pasted.map((n) => n.id);
  },
});
