import type { ExplanationView } from '@segflow/contract';
import type { SliceCreator } from './slice.ts';

/** A customer looked up in the published version: every step in or out, with reasons. */
export interface CustomerLookup {
  key: string;
  explanation: ExplanationView;
}

export type BottomPanel = 'problems' | 'members' | 'insight' | 'run' | 'history' | 'trends' | 'schedules' | 'alerts' | 'versions';

export interface UiData {
  /** Asks the canvas to centre a node; the nonce makes a repeated click move again. */
  revealRequest: { nodeId: string; nonce: number } | null;
  panel: BottomPanel;
  /** The panels under the canvas can fold away to give the canvas the room. */
  panelOpen: boolean;
  /** Taller panels for a timeline or a members table with many rows. */
  panelTall: boolean;
  /** The height the user dragged the panel to, in pixels (null: the default for the window). */
  panelHeight: number | null;
  /** Palette and inspector fold to a narrow rail, giving the canvas the room on a small screen. */
  paletteOpen: boolean;
  inspectorOpen: boolean;
  /** The run whose status the canvas shows, live or finished. */
  activeRunId: string | null;
  /** A short message about the last thing that did not happen (a refused connection). */
  notice: { text: string; nonce: number } | null;
  /** "Look up a customer" is open; `lookup` is the customer whose path the canvas shows. */
  lookupOpen: boolean;
  lookup: CustomerLookup | null;
}

export interface UiActions {
  revealNode: (nodeId: string) => void;
  selectOnly: (nodeId: string) => void;
  setPanel: (panel: BottomPanel) => void;
  togglePanel: () => void;
  togglePanelTall: () => void;
  setPanelHeight: (height: number) => void;
  togglePalette: () => void;
  setInspectorOpen: (open: boolean) => void;
  setActiveRun: (runId: string | null) => void;
  notify: (text: string | null) => void;
  /** Closing forgets the customer: the canvas shows counts again. */
  setLookupOpen: (open: boolean) => void;
  setLookup: (lookup: CustomerLookup | null) => void;
}

export type UiSlice = UiData & UiActions;

/** Below this window width the palette and the inspector start folded: the canvas needs the room. */
export const WIDE_WINDOW = 1200;
const wideWindow = () => typeof window === 'undefined' || window.innerWidth >= WIDE_WINDOW;

export const createUiSlice: SliceCreator<UiSlice> = (set, get) => ({
  revealRequest: null,
  panel: 'problems',
  panelOpen: true,
  panelTall: false,
  panelHeight: null,
  paletteOpen: wideWindow(),
  inspectorOpen: wideWindow(),
  activeRunId: null,
  notice: null,
  lookupOpen: false,
  lookup: null,
  revealNode: (nodeId) => {
    get().selectOnly(nodeId);
    set((s) => ({ revealRequest: { nodeId, nonce: (s.revealRequest?.nonce ?? 0) + 1 } }));
  },
  selectOnly: (nodeId) =>
    set((s) => ({
      nodes: s.nodes.map((n) => (n.selected === (n.id === nodeId) ? n : { ...n, selected: n.id === nodeId })),
      edges: s.edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
    })),
  setPanel: (panel) => set({ panel, panelOpen: true }),
  togglePanel: () => set((s) => ({ panelOpen: !s.panelOpen })),
  togglePanelTall: () => set((s) => ({ panelTall: !s.panelTall, panelHeight: null, panelOpen: true })),
  setPanelHeight: (panelHeight) => set({ panelHeight: Math.round(panelHeight), panelTall: false, panelOpen: true }),
  togglePalette: () => set((s) => ({ paletteOpen: !s.paletteOpen })),
  setInspectorOpen: (inspectorOpen) => set({ inspectorOpen }),
  setActiveRun: (activeRunId) => set({ activeRunId }),
  notify: (text) => set((s) => ({ notice: text ? { text, nonce: (s.notice?.nonce ?? 0) + 1 } : null })),
  setLookupOpen: (lookupOpen) => set(lookupOpen ? { lookupOpen } : { lookupOpen, lookup: null }),
  setLookup: (lookup) => set({ lookup }),
});
