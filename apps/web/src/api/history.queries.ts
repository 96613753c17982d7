import { queryOptions } from '@tanstack/react-query';
import type { NodeRunStatus, RunMode, RunStatus } from '@segflow/engine';
import { request, seg } from './http.ts';

export interface ExpectedRange {
  min?: number;
  max?: number;
}

export interface HistoryOutput {
  nodeId: string;
  segment: string;
  label: string;
  /** From the latest published version (else the draft): the band on the chart. */
  expect: ExpectedRange | null;
  maxChangePct: number | null;
}

export interface HistoryRun {
  id: string;
  version: number | null;
  trigger: 'manual' | 'schedule';
  scheduleId: string | null;
  status: RunStatus;
  mode: RunMode;
  partitions: number;
  asOf: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  ms: number | null;
  segments: Record<string, number>;
  /** The range each run was held to. */
  expect: Record<string, ExpectedRange>;
  alerts: number;
  /** Published runs: who entered and left each segment since the last delivered run, and how many were suppressed. */
  changes?: Record<string, { entered?: number; exited?: number; suppressed?: number }>;
}

/** Oldest run first. */
export interface WorkflowHistory {
  workflowId: string;
  publishedVersion: number | null;
  outputs: HistoryOutput[];
  runs: HistoryRun[];
}

export interface RunHead {
  id: string;
  version: number | null;
  status: RunStatus;
  mode: RunMode;
  asOf: string;
  createdAt: string;
  finishedAt: string | null;
}

export interface RunComparison {
  a: RunHead;
  b: RunHead;
  nodes: { nodeId: string; label: string; kind: string; a: number | null; b: number | null; statusA: NodeRunStatus | null; statusB: NodeRunStatus | null; diff: number | null; changePct: number | null }[];
  segments: { segment: string; a: number | null; b: number | null; diff: number | null; changePct: number | null }[];
}

export const historyKeys = {
  workflow: (workflowId: string) => ['history', workflowId] as const,
  compare: (a: string, b: string) => ['history', 'compare', a, b] as const,
};

export const historyQuery = (workflowId: string) =>
  queryOptions({
    queryKey: historyKeys.workflow(workflowId),
    queryFn: ({ signal }) => request<WorkflowHistory>(`/api/workflows/${seg(workflowId)}/history?limit=100`, { signal }),
    refetchInterval: (q) => (q.state.data?.runs.some((r) => r.status === 'running' || r.status === 'queued') ? 3000 : 30_000),
  });

export const compareRunsQuery = (a: string | null, b: string | null) =>
  queryOptions({
    queryKey: historyKeys.compare(a ?? '', b ?? ''),
    queryFn: ({ signal }) => request<RunComparison>(`/api/runs/${seg(a!)}/compare/${seg(b!)}`, { signal }),
    enabled: !!a && !!b && a !== b,
  });
