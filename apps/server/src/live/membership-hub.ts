type Listener = () => void;

/**
 * Tells the membership streams following a workflow that new enters and exits
 * are stored; each stream reads them from the store after the last it sent,
 * so a change another server stored (and announced) arrives in order too.
 */
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
    changed(workflowId: string): void {
      for (const listener of listeners.get(workflowId) ?? []) listener();
    },
  };
}

export type MembershipHub = ReturnType<typeof membershipHub>;
