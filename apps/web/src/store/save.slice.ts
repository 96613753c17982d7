import { initialSave, nextSave, type SaveData, type SaveEvent } from './save-machine.ts';
import type { SliceCreator } from './slice.ts';

export interface SaveSliceData {
  save: SaveData;
}

export interface SaveActions {
  dispatchSave: (event: Exclude<SaveEvent, { type: 'save-succeeded' }> | { type: 'save-succeeded'; version: number; revision: number }) => void;
  /** Marks the document changed outside `edit` (paste): bumps the version for autosave. */
  touch: () => void;
}

export type SaveSlice = SaveSliceData & SaveActions;

export const createSaveSlice: SliceCreator<SaveSlice> = (set) => ({
  save: initialSave(),
  dispatchSave: (event) =>
    set((s) => ({
      save: nextSave(s.save, event.type === 'save-succeeded' ? { ...event, latestVersion: s.docVersion } : event),
    })),
  touch: () => set((s) => ({ docVersion: s.docVersion + 1, save: nextSave(s.save, { type: 'edited' }) })),
});
