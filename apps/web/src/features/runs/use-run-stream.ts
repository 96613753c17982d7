import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { initialRunState, reduceRunEvent, type RunEvent, type RunState } from '@segflow/engine';
import { useEffect } from 'react';
import { runEventsUrl, runKeys } from '../../api/runs.queries.ts';
import { workflowKeys } from '../../api/workflows.queries.ts';
import { emptyTimeline, reduceTimeline, type Timeline } from './timeline.ts';

export interface RunView {
  state: RunState;
  timeline: Timeline;
  /** The event stream is open. */
  live: boolean;
  error?: string;
  /** A retry was accepted and none of its events has arrived yet. */
  resuming: boolean;
  /** Bumped by each retry, so a finished run's stream opens again. */
  follows: number;
}

const EVENT_TYPES = ['run-started', 'run-resumed', 'node-started', 'node-progress', 'node-succeeded', 'node-warned', 'node-failed', 'node-retrying', 'node-skipped', 'run-finished'];

export const emptyRunView = (runId: string): RunView => ({ state: initialRunState(runId), timeline: emptyTimeline(), live: false, resuming: false, follows: 0 });

/** Folds a batch of events into the view; events it has already seen change nothing. */
export function foldRunEvents(view: RunView, events: readonly RunEvent[]): RunView {
  const fresh = [...events].sort((a, b) => a.seq - b.seq).filter((e) => e.seq > view.state.lastSeq);
  if (!fresh.length) return view;
  return {
    ...view,
    state: fresh.reduce(reduceRunEvent, view.state),
    timeline: fresh.reduce(reduceTimeline, view.timeline),
    resuming: false,
  };
}

/** Marks a run as retried: its view waits for the resumed events, and `useRunStream` follows them. */
export function followRetry(queryClient: QueryClient, runId: string): void {
  queryClient.setQueryData<RunView>(runKeys.live(runId), (v) => {
    const view = v ?? emptyRunView(runId);
    return { ...view, resuming: true, error: undefined, follows: view.follows + 1 };
  });
}

/**
 * Follows a run's Server-Sent Events from `after` and folds them with the
 * engine's `reduceRunEvent` into the react-query cache, so every component
 * showing the run reads one state. Events are applied once per animation frame,
 * however fast they come.
 *
 * A retried run has more than one `run-finished` in its log (each attempt ends
 * with one), so the stream is over only when the server ends it, which it does
 * after the run's last one: the browser then reports an error, and if the last
 * event was a `run-finished` this closes the stream instead of reconnecting.
 */
function openRunStream(queryClient: QueryClient, runId: string, workflowId: string, after: number): () => void {
  const key = runKeys.live(runId);
  const update = (change: (v: RunView) => RunView) => queryClient.setQueryData<RunView>(key, (v) => change(v ?? emptyRunView(runId)));
  let pending: RunEvent[] = [];
  let frame: number | undefined;
  let atFinish = false;
  let ended = false;
  const source = new EventSource(runEventsUrl(runId, after));

  const flush = () => {
    frame = undefined;
    const batch = pending;
    pending = [];
    update((v) => ({ ...foldRunEvents(v, batch), live: !ended }));
    if (ended) {
      void queryClient.invalidateQueries({ queryKey: runKeys.history(workflowId) });
      void queryClient.invalidateQueries({ queryKey: runKeys.detail(runId) });
      void queryClient.invalidateQueries({ queryKey: workflowKeys.list() });
    }
  };
  const schedule = () => {
    frame ??= document.hidden ? (setTimeout(flush, 200) as unknown as number) : requestAnimationFrame(flush);
  };
  const onEvent = (message: MessageEvent<string>) => {
    let event: RunEvent;
    try {
      event = JSON.parse(message.data);
    } catch {
      return;
    }
    if (!event.type && message.type !== 'message') (event as { type: string }).type = message.type;
    if (typeof event.seq !== 'number') event.seq = Number(message.lastEventId) || 0;
    pending.push(event);
    atFinish = event.type === 'run-finished';
    schedule();
  };

  source.onmessage = onEvent;
  for (const type of EVENT_TYPES) source.addEventListener(type, onEvent as EventListener);
  source.onopen = () => update((v) => ({ ...v, live: true, error: undefined }));
  source.onerror = () => {
    if (ended) return;
    if (atFinish) {
      // The server ended the stream after the run's final run-finished: nothing more will come.
      ended = true;
      source.close();
      schedule();
      return;
    }
    // CONNECTING: the browser retries with Last-Event-ID by itself. CLOSED: it gave up.
    if (source.readyState === EventSource.CLOSED) update((v) => ({ ...v, live: false, error: 'Lost the connection to this run.' }));
  };
  return () => {
    source.close();
    if (frame !== undefined) {
      cancelAnimationFrame(frame);
      clearTimeout(frame);
    }
  };
}

/** The live (or replayed) state of a run; null when none is chosen. */
export function useRunStream(runId: string | null, workflowId: string): RunView | null {
  const queryClient = useQueryClient();
  const view = useQuery({
    queryKey: runKeys.live(runId ?? ''),
    queryFn: () => queryClient.getQueryData<RunView>(runKeys.live(runId ?? '')) ?? emptyRunView(runId ?? ''),
    enabled: !!runId,
    staleTime: Infinity,
    gcTime: 10 * 60_000,
  });
  const follows = view.data?.follows ?? 0;
  useEffect(() => {
    if (!runId) return;
    const cached = queryClient.getQueryData<RunView>(runKeys.live(runId));
    // A finished run's cached state is complete, unless a retry has opened it again.
    if (cached?.state.finishedAt && !cached.resuming) return;
    if (!cached) queryClient.setQueryData<RunView>(runKeys.live(runId), emptyRunView(runId));
    // Go on from what is folded already: after a retry, or when the panel comes back to a running run.
    return openRunStream(queryClient, runId, workflowId, cached?.state.lastSeq ?? 0);
  }, [runId, workflowId, queryClient, follows]);
  return runId ? view.data ?? emptyRunView(runId) : null;
}
