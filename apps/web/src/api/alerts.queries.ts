import { queryOptions } from '@tanstack/react-query';
import { request, seg } from './http.ts';

export type AlertKind = 'run_failed' | 'run_partial' | 'segment_out_of_range' | 'segment_change' | 'data_quality' | 'schedule_failed' | 'schedule_missed';

export interface Alert {
  id: number;
  workflowId: string;
  workflowName: string | null;
  runId: string | null;
  scheduleId: string | null;
  kind: AlertKind;
  severity: 'critical' | 'warning';
  subject: string;
  message: string;
  createdAt: string;
  readAt: string | null;
  delivery: 'none' | 'pending' | 'sending' | 'retry' | 'sent' | 'failed' | 'unknown';
  deliveryError: string | null;
}

export interface AlertList {
  alerts: Alert[];
  unread: number;
}

export interface AlertSettings {
  workflowId: string;
  outputs: Record<string, { maxChangePct?: number }>;
  dataQualityThreshold: number;
  /** The receiver's host only: the URL is write-only. */
  webhook: { own: string | null; server: boolean };
}

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
    queryFn: ({ signal }) => request<AlertList>(`/api/alerts?limit=30${workflowId ? `&workflowId=${seg(workflowId)}` : ''}`, { signal }),
    refetchInterval: 15_000,
  });

export const markAlertRead = (id: number) => request<{ unread: number }>(`/api/alerts/${id}/read`, { json: {} });
export const markAllAlertsRead = (workflowId?: string) => request<{ unread: number }>('/api/alerts/read', { json: workflowId ? { workflowId } : {} });

export const alertSettingsQuery = (workflowId: string) =>
  queryOptions({
    queryKey: alertKeys.settings(workflowId),
    queryFn: ({ signal }) => request<AlertSettings>(`/api/workflows/${seg(workflowId)}/alert-settings`, { signal }),
  });

export const saveAlertSettings = (workflowId: string, change: AlertSettingsChange) =>
  request<AlertSettings>(`/api/workflows/${seg(workflowId)}/alert-settings`, { method: 'PUT', json: change });
