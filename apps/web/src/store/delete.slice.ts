import { deleteWarning, type DeleteWarning } from './delete-warning.ts';
import type { SliceCreator } from './slice.ts';

export interface DeleteData {
  /** A delete waiting for the user's yes, because other steps use what it removes. */
  pendingDelete: DeleteWarning | null;
}

export interface DeleteActions {
  /** Deletes the selection at once, or first asks when other steps depend on it. */
  requestDelete: () => void;
  confirmDelete: () => void;
  cancelDelete: () => void;
}

export type DeleteSlice = DeleteData & DeleteActions;

export const createDeleteSlice: SliceCreator<DeleteSlice> = (set, get) => ({
  pendingDelete: null,
  requestDelete: () => {
    const s = get();
    if (s.readOnly) return;
    const warning = deleteWarning(s.nodes, s.edges);
    if (warning) set({ pendingDelete: warning });
    else s.deleteSelection();
  },
  confirmDelete: () => {
    if (!get().pendingDelete) return;
    set({ pendingDelete: null });
    get().deleteSelection();
  },
  cancelDelete: () => set({ pendingDelete: null }),
});
