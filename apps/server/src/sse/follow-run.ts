import type { RunEvent } from '@segflow/engine';
import type { RunEventHub } from './run-event-hub.ts';
import type { SseStream } from './sse-stream.ts';

export interface FollowRunOptions {
  runId: string;
  /** The last seq the client has; it gets everything after. */
  after: number;
  hub: RunEventHub;
  /** Persisted events after a seq, in order. */
  stored: (after: number) => RunEvent[];
  /**
   * The seq of the run's last event when the run has finished (its run-finished
   * is stored), undefined while it is queued or running. A retried run has an
   * earlier run-finished in its log: the stream ends only at the last one.
   */
  finishedAt: () => number | undefined;
  stream: SseStream;
}

/**
 * Streams a run's events: subscribes to live ones first, then replays what is
 * stored, then drains what arrived meanwhile, each event sent once in seq order.
 * Subscribing before replaying leaves no gap; skipping seqs already sent leaves no
 * duplicate. The stream ends after the run's final `run-finished`.
 * @returns the unsubscribe function.
 */
export function followRun({ runId, after, hub, stored, finishedAt, stream }: FollowRunOptions): () => void {
  let last = after;
  let replaying = true;
  const pending: RunEvent[] = [];
  const send = (event: RunEvent) => {
    if (event.seq <= last) return;
    last = event.seq;
    stream.send(event.seq, event);
    // Events are stored before they are published, so the live run-finished is already the last one.
    if (event.type === 'run-finished' && event.seq >= (finishedAt() ?? Infinity)) stream.end();
  };
  const unsubscribe = hub.subscribe(runId, (event) => (replaying ? pending.push(event) : send(event)));
  for (const event of stored(after)) send(event);
  replaying = false;
  for (const event of pending.sort((a, b) => a.seq - b.seq)) send(event);
  // The client has it all already (it reconnected after run-finished, or the events were pruned).
  if (!stream.closed && finishedAt() !== undefined) stream.end();
  return unsubscribe;
}
