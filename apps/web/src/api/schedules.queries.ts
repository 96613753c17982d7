import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { RunMode } from '@segflow/engine';
import { request, seg } from './http.ts';

export type FiringOutcome = 'starting' | 'started' | 'caught-up' | 'missed' | 'skipped' | 'failed';

/** What became of one occurrence (or, `covers` > 1, of a gap of missed ones). */
export interface Firing {
  occurrence: string;
  firstOccurrence: string;
  covers: number;
  outcome: FiringOutcome;
  runId: string | null;
  message: string | null;
  at: string;
}

export interface Schedule {
  id: string;
  workflowId: string;
  cron: string;
  timezone: string;
  /** What it names; `runs` is the version it would run now. */
  version: number | 'latest';
  runs: number | null;
  mode: RunMode | null;
  partitions: number | null;
  catchUp: boolean;
  paused: boolean;
  /** "every day at 02:00 Europe/Berlin" */
  description: string;
  next: string[];
  lastFiring: Firing | null;
  firings?: Firing[];
}

export interface NewSchedule {
  cron: string;
  timezone: string;
  version: number | 'latest';
  catchUp: boolean;
}

export const scheduleKeys = {
  all: ['schedules'] as const,
  ofWorkflow: (workflowId: string) => ['schedules', 'workflow', workflowId] as const,
  describe: (cron: string, timezone: string) => ['schedules', 'describe', cron, timezone] as const,
};

export const schedulesQuery = (workflowId: string) =>
  queryOptions({
    queryKey: scheduleKeys.ofWorkflow(workflowId),
    queryFn: async ({ signal }) => (await request<{ schedules: Schedule[] }>(`/api/workflows/${seg(workflowId)}/schedules`, { signal })).schedules,
  });

/** The words and next occurrences of an expression being typed; an invalid one is an error with the reason. */
export const describeCronQuery = (cron: string, timezone: string) =>
  queryOptions({
    queryKey: scheduleKeys.describe(cron, timezone),
    queryFn: ({ signal }) =>
      request<{ description: string; next: string[] }>(`/api/schedules/describe?cron=${encodeURIComponent(cron)}&timezone=${encodeURIComponent(timezone)}&count=3`, { signal }),
    enabled: cron.trim().length > 0 && timezone.trim().length > 0,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });

export const createSchedule = (workflowId: string, input: NewSchedule) => request<Schedule>(`/api/workflows/${seg(workflowId)}/schedules`, { json: input });
export const pauseSchedule = (id: string) => request<Schedule>(`/api/schedules/${seg(id)}/pause`, { json: {} });
export const resumeSchedule = (id: string) => request<Schedule>(`/api/schedules/${seg(id)}/resume`, { json: {} });
export const deleteSchedule = (id: string) => request<void>(`/api/schedules/${seg(id)}`, { method: 'DELETE' });
