import type { StoredChange } from './live.store.ts';

type Listener = (change: StoredChange) => void;

/** Enters and exits as they are stored, per workflow, for the membership streams following them. */
export function membershipHub() {
  const listeners = new Map<string, Set<Listener>>();
  return {
    subscribe(workflowId: string, listener: Listener): () => void {
      const set = listeners.get(workflowId) ?? new Set();
      set.add(listener);
      listeners.set(workflowId, set);
      return () => {
        set.delete(listener);
        if (!set.size) listeners.delete(workflowId);
      };
    },
    publish(change: StoredChange): void {
      for (const listener of listeners.get(change.workflowId) ?? []) listener(change);
    },
  };
}

export type MembershipHub = ReturnType<typeof membershipHub>;
