import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { cronDescriptionSchema, scheduleSchema, type Firing } from '@segflow/contract';
import { z } from 'zod';
import { request, seg } from './http.ts';

export type { Firing, Schedule } from '@segflow/contract';
export type FiringOutcome = Firing['outcome'];

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
    queryFn: async ({ signal }) => (await request(`/api/workflows/${seg(workflowId)}/schedules`, z.object({ schedules: z.array(scheduleSchema) }), { signal })).schedules,
  });

/** The words and next occurrences of an expression being typed; an invalid one is an error with the reason. */
export const describeCronQuery = (cron: string, timezone: string) =>
  queryOptions({
    queryKey: scheduleKeys.describe(cron, timezone),
    queryFn: ({ signal }) =>
      request(`/api/schedules/describe?cron=${encodeURIComponent(cron)}&timezone=${encodeURIComponent(timezone)}&count=3`, cronDescriptionSchema, { signal }),
    enabled: cron.trim().length > 0 && timezone.trim().length > 0,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });

export const createSchedule = (workflowId: string, input: NewSchedule) => request(`/api/workflows/${seg(workflowId)}/schedules`, scheduleSchema, { json: input });
export const pauseSchedule = (id: string) => request(`/api/schedules/${seg(id)}/pause`, scheduleSchema, { json: {} });
export const resumeSchedule = (id: string) => request(`/api/schedules/${seg(id)}/resume`, scheduleSchema, { json: {} });
export const deleteSchedule = (id: string) => request(`/api/schedules/${seg(id)}`, null, { method: 'DELETE' });
