import { queryOptions } from '@tanstack/react-query';
import { historySchema, runComparisonSchema, type History, type RunComparison } from '@segflow/contract';
import { request, seg } from './http.ts';

export type WorkflowHistory = History;
export type HistoryOutput = History['outputs'][number];
export type HistoryRun = History['runs'][number];
export type ExpectedRange = NonNullable<HistoryOutput['expect']>;
export type { RunComparison };

export const historyKeys = {
  workflow: (workflowId: string) => ['history', workflowId] as const,
  compare: (a: string, b: string) => ['history', 'compare', a, b] as const,
};

export const historyQuery = (workflowId: string) =>
  queryOptions({
    queryKey: historyKeys.workflow(workflowId),
    queryFn: ({ signal }) => request(`/api/workflows/${seg(workflowId)}/history?limit=100`, historySchema, { signal }),
    refetchInterval: (q) => (q.state.data?.runs.some((r) => r.status === 'running' || r.status === 'queued') ? 3000 : 30_000),
  });

export const compareRunsQuery = (a: string | null, b: string | null) =>
  queryOptions({
    queryKey: historyKeys.compare(a ?? '', b ?? ''),
    queryFn: ({ signal }) => request(`/api/runs/${seg(a!)}/compare/${seg(b!)}`, runComparisonSchema, { signal }),
    enabled: !!a && !!b && a !== b,
  });
