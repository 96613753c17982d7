import type { RunEvent } from '@segflow/engine';

type Listener = (event: RunEvent) => void;

/** Live run events, per run, for the SSE streams following them. Persisting comes first (see RunService). */
export function runEventHub() {
  const listeners = new Map<string, Set<Listener>>();
  return {
    subscribe(runId: string, listener: Listener): () => void {
      const set = listeners.get(runId) ?? new Set();
      set.add(listener);
      listeners.set(runId, set);
      return () => {
        set.delete(listener);
        if (!set.size) listeners.delete(runId);
      };
    },
    publish(runId: string, event: RunEvent): void {
      for (const listener of listeners.get(runId) ?? []) listener(event);
    },
    subscribers: (runId: string) => listeners.get(runId)?.size ?? 0,
  };
}

export type RunEventHub = ReturnType<typeof runEventHub>;
