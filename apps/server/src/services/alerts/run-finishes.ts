import type { RunFinishedEvent } from '@segflow/engine';
import type { RunEventHub } from '../../sse/run-event-hub.ts';

export type RunFinishedListener = (runId: string, event: RunFinishedEvent) => void;

/** The hub, also telling listeners of every run's end (the hub itself is per run). */
export type ObservedHub = RunEventHub & { onRunFinished(listener: RunFinishedListener): () => void };

/**
 * Wraps the run event hub so that whoever needs every run's end (alerts) hears it
 * after it is stored and published, without following each run.
 * @example
 *   const hub = observeRunFinishes(runEventHub());
 *   hub.onRunFinished((runId, event) => console.log(runId, event.status));
 */
export function observeRunFinishes(hub: RunEventHub): ObservedHub {
  const listeners = new Set<RunFinishedListener>();
  return {
    ...hub,
    publish(runId, event) {
      hub.publish(runId, event);
      if (event.type === 'run-finished') for (const listener of listeners) listener(runId, event);
    },
    onRunFinished(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
