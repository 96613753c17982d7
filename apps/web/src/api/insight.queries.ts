import { queryOptions } from '@tanstack/react-query';
import type { WorkflowInput } from '@segflow/engine';
import { breakdownSchema, overlapSchema, type BreakdownView, type OverlapView } from '@segflow/contract';
import { request, seg } from './http.ts';
import { BUSY_RETRY_MS, retryWhenBusy } from './preview.queries.ts';

export type Breakdown = BreakdownView;
export type Overlap = OverlapView;

export const insightKeys = {
  breakdown: (workflowId: string, nodeId: string, column: string, documentJson: string, asOf: string) => ['preview', workflowId, 'breakdown', nodeId, column, documentJson, asOf] as const,
  overlap: (workflowId: string, nodeIds: readonly string[], documentJson: string, asOf: string) => ['preview', workflowId, 'overlap', nodeIds.join(','), documentJson, asOf] as const,
};

const withAsOf = (asOf: string) => (asOf ? { asOf } : {});

export const fetchBreakdown = (workflowId: string, nodeId: string, column: string, document: WorkflowInput, asOf: string, signal?: AbortSignal) =>
  request(`/api/workflows/${seg(workflowId)}/preview/${seg(nodeId)}/breakdown`, breakdownSchema, { json: { document, column, ...withAsOf(asOf) }, signal });

export const fetchOverlap = (workflowId: string, nodeIds: readonly string[], document: WorkflowInput, asOf: string, signal?: AbortSignal) =>
  request(`/api/workflows/${seg(workflowId)}/preview/overlap`, overlapSchema, { json: { document, nodes: nodeIds, ...withAsOf(asOf) }, signal });

export const breakdownQuery = (workflowId: string, nodeId: string, column: string, document: WorkflowInput, documentJson: string, asOf: string) =>
  queryOptions({
    queryKey: insightKeys.breakdown(workflowId, nodeId, column, documentJson, asOf),
    queryFn: ({ signal }) => fetchBreakdown(workflowId, nodeId, column, document, asOf, signal),
    staleTime: 60_000,
    retry: retryWhenBusy,
    retryDelay: BUSY_RETRY_MS,
  });

export const overlapQuery = (workflowId: string, nodeIds: readonly string[], document: WorkflowInput, documentJson: string, asOf: string) =>
  queryOptions({
    queryKey: insightKeys.overlap(workflowId, nodeIds, documentJson, asOf),
    queryFn: ({ signal }) => fetchOverlap(workflowId, nodeIds, document, asOf, signal),
    staleTime: 60_000,
    retry: retryWhenBusy,
    retryDelay: BUSY_RETRY_MS,
  });
