import { queryOptions } from '@tanstack/react-query';
import { request, seg } from './http.ts';

/** A dataset an admin marked as a suppression list: published outputs never deliver its keys. */
export interface SuppressionList {
  dataset: string;
  key: string;
  reason: string | null;
  expires: string | null;
  createdAt: string;
}

export const suppressionKeys = { all: ['suppression-lists'] as const };

export const suppressionListQuery = () =>
  queryOptions({
    queryKey: suppressionKeys.all,
    queryFn: async ({ signal }) => (await request<{ lists: SuppressionList[] }>('/api/suppression-lists', { signal })).lists,
  });

export const markSuppressionList = (dataset: string, columns: { key: string; reason?: string | null; expires?: string | null }) =>
  request<SuppressionList>(`/api/suppression-lists/${seg(dataset)}`, { method: 'PUT', json: columns });

export const unmarkSuppressionList = (dataset: string) => request<void>(`/api/suppression-lists/${seg(dataset)}`, { method: 'DELETE' });

export interface MembershipEvent {
  runId: string;
  version: number | null;
  at: string;
  change: 'entered' | 'exited';
}

export interface SegmentMembership {
  nodeId: string;
  segment: string;
  member: boolean;
  runs: number;
  events: MembershipEvent[];
}

export const membershipQuery = (workflowId: string, key: string) =>
  queryOptions({
    queryKey: ['membership', workflowId, key] as const,
    queryFn: async ({ signal }) => (await request<{ segments: SegmentMembership[] }>(`/api/workflows/${seg(workflowId)}/members/${seg(key)}`, { signal })).segments,
    enabled: key.length > 0,
  });

export interface DrySegment {
  nodeId: string;
  segment: string;
  count: number;
  suppressed: number;
  entered: number;
  exited: number;
  unchanged: number;
  baseRunId: string | null;
  previousCount: number | null;
  outsideExpected: string | null;
  samples: { entered: string[]; exited: string[]; unchanged: string[] };
}

/** What the next delivery would send; nothing is sent. */
export const dryRun = (workflowId: string, version?: number) =>
  request<{ segments: DrySegment[] }>(`/api/workflows/${seg(workflowId)}/dry-run`, { method: 'POST', json: version === undefined ? {} : { version } });
