import { queryOptions } from '@tanstack/react-query';
import type { RunMode, RunStatus } from '@segflow/engine';
import { request, seg } from './http.ts';
import { normaliseRun, type RunSummary } from './workflows.queries.ts';

export interface StartRunInput {
  mode: RunMode;
  partitions: number;
  asOf?: string;
}

export const runKeys = {
  history: (workflowId: string) => ['runs', 'history', workflowId] as const,
  /** The state folded from the run's event stream (see use-run-stream). */
  live: (runId: string) => ['runs', 'live', runId] as const,
  timeline: (runId: string) => ['runs', 'timeline', runId] as const,
  detail: (runId: string) => ['runs', 'detail', runId] as const,
};

/** What `GET /api/runs/:id` says about a run beyond its events. */
export interface RunDetail {
  id: string;
  workflowId: string;
  /** null for a run of the draft. */
  version: number | null;
  status: RunStatus;
  /** `POST /api/runs/:id/retry` would run its failed and skipped steps again. */
  retryable: boolean;
  note: string | null;
}

export const runQuery = (runId: string) =>
  queryOptions({ queryKey: runKeys.detail(runId), queryFn: ({ signal }) => request<RunDetail>(`/api/runs/${seg(runId)}`, { signal }) });

export const startRun = (workflowId: string, input: StartRunInput) =>
  request<{ runId: string }>(`/api/workflows/${seg(workflowId)}/runs`, { json: input });

export const cancelRun = (runId: string) => request<unknown>(`/api/runs/${seg(runId)}/cancel`, { method: 'POST', json: {} });

/** Runs a partial or failed run's failed and skipped steps again, as the same run: its event stream goes on. */
export const retryRun = (runId: string) => request<{ runId: string; status: RunStatus }>(`/api/runs/${seg(runId)}/retry`, { method: 'POST', json: {} });

/** The run's events; `after` a seq resumes where a reader stopped. */
export const runEventsUrl = (runId: string, after = 0) => `/api/runs/${seg(runId)}/events${after ? `?after=${after}` : ''}`;

export const segmentCsvUrl = (runId: string, segment: string) => `/api/runs/${seg(runId)}/segments/${seg(segment)}.csv`;

export async function listRuns(workflowId: string, signal?: AbortSignal, limit?: number): Promise<RunSummary[]> {
  const body = await request<RunSummary[] | { runs: RunSummary[] }>(`/api/workflows/${seg(workflowId)}/runs${limit ? `?limit=${limit}` : ''}`, { signal });
  return (Array.isArray(body) ? body : body.runs ?? []).map(normaliseRun);
}

/** The newest run with its segment sizes, for lists whose summary leaves them out. */
export const latestRunQuery = (workflowId: string, enabled: boolean) =>
  queryOptions({
    queryKey: [...runKeys.history(workflowId), 'latest'] as const,
    queryFn: async ({ signal }) => (await listRuns(workflowId, signal, 1))[0] ?? null,
    enabled,
  });

export const runHistoryQuery = (workflowId: string) =>
  queryOptions({ queryKey: runKeys.history(workflowId), queryFn: ({ signal }) => listRuns(workflowId, signal) });
