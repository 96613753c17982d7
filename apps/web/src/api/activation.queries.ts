import { queryOptions } from '@tanstack/react-query';
import {
  dryRunSchema, membershipHistorySchema, suppressionListSchema,
  type BodyOf, type DrySegment, type MembershipHistory, type SuppressionListView,
} from '@segflow/contract';
import { z } from 'zod';
import { request, seg } from './http.ts';

/** A dataset an admin marked as a suppression list: published outputs never deliver its keys. */
export type SuppressionList = SuppressionListView;
export type SegmentMembership = MembershipHistory['segments'][number];
export type MembershipEvent = SegmentMembership['events'][number];
export type { DrySegment };

export const suppressionKeys = { all: ['suppression-lists'] as const };

const suppressionListsSchema = z.object({ lists: z.array(suppressionListSchema) });

export const suppressionListQuery = () =>
  queryOptions({
    queryKey: suppressionKeys.all,
    queryFn: async ({ signal }) => (await request('/api/suppression-lists', suppressionListsSchema, { signal })).lists,
  });

export const markSuppressionList = (dataset: string, columns: BodyOf<'PUT /api/suppression-lists/:name'>) =>
  request(`/api/suppression-lists/${seg(dataset)}`, suppressionListSchema, { method: 'PUT', json: columns });

export const unmarkSuppressionList = (dataset: string) => request(`/api/suppression-lists/${seg(dataset)}`, null, { method: 'DELETE' });

export const membershipQuery = (workflowId: string, key: string) =>
  queryOptions({
    queryKey: ['membership', workflowId, key] as const,
    queryFn: async ({ signal }) => (await request(`/api/workflows/${seg(workflowId)}/members/${seg(key)}`, membershipHistorySchema, { signal })).segments,
    enabled: key.length > 0,
  });

/** What the next delivery would send; nothing is sent. */
export const dryRun = (workflowId: string, version?: number, asOf?: string) =>
  request(`/api/workflows/${seg(workflowId)}/dry-run`, dryRunSchema, {
    method: 'POST',
    json: { ...(version === undefined ? {} : { version }), ...(asOf ? { asOf } : {}) } satisfies BodyOf<'POST /api/workflows/:id/dry-run'>,
  });
