import { queryOptions } from '@tanstack/react-query';
import { alertSchema, alertSettingsSchema, type AlertSettingsView, type AlertView } from '@segflow/contract';
import { z } from 'zod';
import { request, seg } from './http.ts';

export type Alert = AlertView;
export type AlertKind = AlertView['kind'];
export type AlertSettings = AlertSettingsView;

const alertList = z.object({ alerts: z.array(alertSchema), unread: z.number().int(), next: z.number().int().nullable() });

export interface AlertSettingsChange {
  outputs?: Record<string, { maxChangePct?: number }>;
  dataQualityThreshold?: number;
  /** null removes the workflow's own receiver; absent keeps it. */
  webhookUrl?: string | null;
}

export const alertKeys = {
  all: ['alerts'] as const,
  list: (workflowId?: string) => ['alerts', 'list', workflowId ?? 'all'] as const,
  settings: (workflowId: string) => ['alerts', 'settings', workflowId] as const,
};

/** Alerts newest first, with the unread count (of the workflow, or of all). Polled: alerts come from runs no one watches. */
export const alertsQuery = (workflowId?: string) =>
  queryOptions({
    queryKey: alertKeys.list(workflowId),
    queryFn: ({ signal }) => request(`/api/alerts?limit=30${workflowId ? `&workflowId=${seg(workflowId)}` : ''}`, alertList, { signal }),
    refetchInterval: 15_000,
  });

export const markAlertRead = (id: number) => request(`/api/alerts/${id}/read`, z.object({ alert: alertSchema, unread: z.number().int() }), { json: {} });
export const markAllAlertsRead = (workflowId?: string) => request('/api/alerts/read', z.object({ marked: z.number().int(), unread: z.number().int() }), { json: workflowId ? { workflowId } : {} });

export const alertSettingsQuery = (workflowId: string) =>
  queryOptions({
    queryKey: alertKeys.settings(workflowId),
    queryFn: ({ signal }) => request(`/api/workflows/${seg(workflowId)}/alert-settings`, alertSettingsSchema, { signal }),
  });

export const saveAlertSettings = (workflowId: string, change: AlertSettingsChange) =>
  request(`/api/workflows/${seg(workflowId)}/alert-settings`, alertSettingsSchema, { method: 'PUT', json: change });
