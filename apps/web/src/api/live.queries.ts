import { queryOptions } from '@tanstack/react-query';
import { liveStatusSchema, reconcileSchema } from '@segflow/contract';
import { request, seg } from './http.ts';

export const liveKeys = { status: (workflowId: string) => ['live', workflowId] as const };

/** Whether the published version keeps a live audience, its members and the last reconcile. */
export const liveStatusQuery = (workflowId: string) =>
  queryOptions({ queryKey: liveKeys.status(workflowId), queryFn: ({ signal }) => request(`/api/workflows/${seg(workflowId)}/live`, liveStatusSchema, { signal }) });

export const setLive = (workflowId: string, enabled: boolean) =>
  request(`/api/workflows/${seg(workflowId)}/live`, liveStatusSchema, { method: 'PUT', json: { enabled } });

export const reconcileNow = (workflowId: string) =>
  request(`/api/workflows/${seg(workflowId)}/reconcile`, reconcileSchema, { method: 'POST', json: {} });
