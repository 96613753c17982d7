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
}

const EVENT_TYPES = ['run-started', 'run-resumed', 'node-started', 'node-progress', 'node-succeeded', 'node-warned', 'node-failed', 'node-retrying', 'node-skipped', 'run-finished'];

export const emptyRunView = (runId: string): RunView => ({ state: initialRunState(runId), timeline: emptyTimeline(), live: false });

function fold(view: RunView, events: RunEvent[]): RunView {
  const sorted = [...events].sort((a, b) => a.seq - b.seq);
  return { ...view, state: sorted.reduce(reduceRunEvent, view.state), timeline: sorted.reduce(reduceTimeline, view.timeline) };
}

/**
 * Follows a run's Server-Sent Events and folds them with the engine's
 * `reduceRunEvent` into the react-query cache, so every component showing the run
 * reads one state. Events are applied once per animation frame, however fast they
 * come. The stream replays from the start, so a finished run opens the same way.
 */
function openRunStream(queryClient: QueryClient, runId: string, workflowId: string): () => void {
  const key = runKeys.live(runId);
  const update = (change: (v: RunView) => RunView) => queryClient.setQueryData<RunView>(key, (v) => change(v ?? emptyRunView(runId)));
  let pending: RunEvent[] = [];
  let frame: number | undefined;
  let finished = false;
  const source = new EventSource(runEventsUrl(runId));

  const flush = () => {
    frame = undefined;
    const batch = pending;
    pending = [];
    update((v) => ({ ...fold(v, batch), live: !finished }));
    if (finished) {
      queryClient.invalidateQueries({ queryKey: runKeys.history(workflowId) });
      queryClient.invalidateQueries({ queryKey: workflowKeys.list() });
    }
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
    if (event.type === 'run-finished') {
      finished = true;
      // The server ends the stream here; closing first stops EventSource from reconnecting.
      source.close();
    }
    frame ??= document.hidden ? (setTimeout(flush, 200) as unknown as number) : requestAnimationFrame(flush);
  };

  source.onmessage = onEvent;
  for (const type of EVENT_TYPES) source.addEventListener(type, onEvent as EventListener);
  source.onopen = () => update((v) => ({ ...v, live: true, error: undefined }));
  source.onerror = () => {
    if (finished) return;
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
  useEffect(() => {
    if (!runId) return;
    const cached = queryClient.getQueryData<RunView>(runKeys.live(runId));
    // A finished run's cached state is complete; only unfinished ones need the stream.
    if (cached && cached.state.finishedAt) return;
    queryClient.setQueryData<RunView>(runKeys.live(runId), emptyRunView(runId));
    return openRunStream(queryClient, runId, workflowId);
  }, [runId, workflowId, queryClient]);
  return runId ? view.data ?? emptyRunView(runId) : null;
}
