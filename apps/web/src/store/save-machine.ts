/**
 * Autosave as a small state machine, kept pure so its edge cases are tested
 * without timers or a server:
 *
 *   saved ──edit──▶ dirty ──start──▶ saving ──ok──▶ saved (or dirty if edited meanwhile)
 *                                     │  └─409──▶ conflict (autosave stops: nothing is overwritten
 *                                     │             until the user reloads or chooses to overwrite)
 *                                     └─fail──▶ error (retried on the next edit or by hand)
 */
export type SaveStatus = 'saved' | 'dirty' | 'saving' | 'conflict' | 'error';

export interface SaveData {
  status: SaveStatus;
  /** The server's revision of the draft we last loaded or saved. */
  revision: number;
  /** Document version (see `docVersion`) the server holds. */
  savedVersion: number;
  /** Document version being sent now. */
  savingVersion?: number;
  error?: string;
  /** On a conflict, the server's current revision when it said so. */
  conflictRevision?: number;
}

export type SaveEvent =
  | { type: 'loaded'; revision: number; version: number }
  | { type: 'edited' }
  | { type: 'save-started'; version: number }
  | { type: 'save-succeeded'; version: number; revision: number; latestVersion: number }
  | { type: 'save-failed'; message: string }
  | { type: 'save-conflicted'; currentRevision?: number }
  /** After a conflict the user chose to keep their draft: save it over `revision`. */
  | { type: 'overwrite'; revision: number };

export const initialSave = (revision = 0, version = 0): SaveData => ({ status: 'saved', revision, savedVersion: version });

export function nextSave(state: SaveData, event: SaveEvent): SaveData {
  switch (event.type) {
    case 'loaded':
      return initialSave(event.revision, event.version);
    case 'edited':
      // A conflict waits for the user's choice; a running save is followed by another.
      if (state.status === 'conflict' || state.status === 'saving') return state;
      return { ...state, status: 'dirty', error: undefined };
    case 'save-started':
      return { ...state, status: 'saving', savingVersion: event.version };
    case 'save-succeeded':
      return {
        status: event.latestVersion > event.version ? 'dirty' : 'saved',
        revision: event.revision,
        savedVersion: event.version,
      };
    case 'save-failed':
      return { ...state, status: 'error', savingVersion: undefined, error: event.message };
    case 'save-conflicted':
      return { ...state, status: 'conflict', savingVersion: undefined, conflictRevision: event.currentRevision };
    case 'overwrite':
      return { ...state, status: 'dirty', revision: event.revision, conflictRevision: undefined, error: undefined };
  }
}

/** Whether autosave should send the draft now. */
export const needsSave = (s: SaveData) => s.status === 'dirty';
