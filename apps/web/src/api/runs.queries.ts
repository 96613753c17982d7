import { queryOptions } from '@tanstack/react-query';
import type { RunMode } from '@segflow/engine';
import { runCancelSchema, runStartedSchema, runSummarySchema, runViewSchema, type RunSummary } from '@segflow/contract';
import { z } from 'zod';
import { request, seg } from './http.ts';

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
export type { RunView as RunDetail } from '@segflow/contract';

export const runQuery = (runId: string) =>
  queryOptions({ queryKey: runKeys.detail(runId), queryFn: ({ signal }) => request(`/api/runs/${seg(runId)}`, runViewSchema, { signal }) });

export const startRun = (workflowId: string, input: StartRunInput) => request(`/api/workflows/${seg(workflowId)}/runs`, runStartedSchema, { json: input });

export const cancelRun = (runId: string) => request(`/api/runs/${seg(runId)}/cancel`, runCancelSchema, { method: 'POST', json: {} });

/** Runs a partial or failed run's failed and skipped steps again, as the same run: its event stream goes on. */
export const retryRun = (runId: string) => request(`/api/runs/${seg(runId)}/retry`, runStartedSchema, { method: 'POST', json: {} });

/** The run's events; `after` a seq resumes where a reader stopped. */
export const runEventsUrl = (runId: string, after = 0) => `/api/runs/${seg(runId)}/events${after ? `?after=${after}` : ''}`;

export const segmentCsvUrl = (runId: string, segment: string) => `/api/runs/${seg(runId)}/segments/${seg(segment)}.csv`;

const runList = z.object({ runs: z.array(runSummarySchema) });

export const listRuns = async (workflowId: string, signal?: AbortSignal, limit?: number): Promise<RunSummary[]> =>
  (await request(`/api/workflows/${seg(workflowId)}/runs${limit ? `?limit=${limit}` : ''}`, runList, { signal })).runs;

/** The newest run with its segment sizes, for lists whose summary leaves them out. */
export const latestRunQuery = (workflowId: string, enabled: boolean) =>
  queryOptions({
    queryKey: [...runKeys.history(workflowId), 'latest'] as const,
    queryFn: async ({ signal }) => (await listRuns(workflowId, signal, 1))[0] ?? null,
    enabled,
  });

export const runHistoryQuery = (workflowId: string) =>
  queryOptions({ queryKey: runKeys.history(workflowId), queryFn: ({ signal }) => listRuns(workflowId, signal) });
