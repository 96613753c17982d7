import type { WorkflowInput } from '@segflow/engine';
import type { EditorStore } from './editor-store.ts';
import { needsSave } from './save-machine.ts';
import { selectDocument } from './selectors.ts';

export const AUTOSAVE_DELAY_MS = 800;

export type SaveDraft = (workflowId: string, input: { name: string; document: WorkflowInput; revision: number }) => Promise<{ revision: number }>;

export interface Autosave {
  /** Saves now if anything is unsaved, and resolves when the server has it (or refused it). */
  flush: () => Promise<void>;
  /** Stops watching; an edit not yet sent is still sent. */
  stop: () => void;
}

/** The server's current revision from a 409's details, whichever shape it comes in. */
function conflictRevision(e: unknown): number | undefined {
  const details = (e as { details?: { current?: unknown } }).details;
  const current = details?.current;
  if (typeof current === 'number') return current;
  const revision = (current as { revision?: unknown } | undefined)?.revision;
  return typeof revision === 'number' ? revision : undefined;
}

const isConflict = (e: unknown) => (e as { status?: number }).status === 409 || (e as { code?: string }).code === 'conflict';

/**
 * Watches the store and sends the draft `delayMs` after the last edit, one request
 * at a time, with the revision it was based on. The transitions live in the pure
 * save machine; this only adds the timer and the request.
 */
export function startAutosave(store: EditorStore, save: SaveDraft, delayMs = AUTOSAVE_DELAY_MS): Autosave {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inflight: Promise<void> | null = null;

  const send = async (): Promise<void> => {
    const s = store.getState();
    if (!needsSave(s.save) || !s.workflowId) return;
    const version = s.docVersion;
    s.dispatchSave({ type: 'save-started', version });
    try {
      const saved = await save(s.workflowId, { name: s.name, document: selectDocument(s), revision: s.save.revision });
      store.getState().dispatchSave({ type: 'save-succeeded', version, revision: saved.revision });
    } catch (e) {
      if (isConflict(e)) store.getState().dispatchSave({ type: 'save-conflicted', currentRevision: conflictRevision(e) });
      else store.getState().dispatchSave({ type: 'save-failed', message: (e as Error).message || 'The draft could not be saved.' });
    }
  };

  const run = (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    if (!inflight) inflight = send().finally(() => (inflight = null));
    return inflight;
  };

  const unsubscribe = store.subscribe((state, prev) => {
    if (state.save.status !== 'dirty') return;
    if (prev.save.status === 'dirty' && state.docVersion === prev.docVersion) return;
    clearTimeout(timer);
    timer = setTimeout(run, delayMs);
  });

  return {
    flush: async () => {
      if (inflight) await inflight;
      if (needsSave(store.getState().save)) await run();
    },
    // Leaving the editor must not drop the last edit: what waited for the timer is sent now.
    stop: () => {
      clearTimeout(timer);
      unsubscribe();
      void (async () => {
        if (inflight) await inflight;
        if (needsSave(store.getState().save)) await run();
      })();
    },
  };
}
