import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { WorkflowInput } from '@segflow/engine';
import { memberRowsSchema, previewResultSchema, validationSchema, type MemberRowsView, type NodeCountView, type PreviewResultView } from '@segflow/contract';
import { isApiError, request, seg } from './http.ts';
import { keepExact, rememberExact, type ExactMemory } from '../features/preview/exact-counts.ts';

export type NodeCount = NodeCountView;
export type PreviewResult = PreviewResultView;
export type MembersResult = MemberRowsView;

export const previewKeys = {
  counts: (workflowId: string, documentJson: string, asOf: string) => ['preview', workflowId, 'counts', documentJson, asOf] as const,
  members: (workflowId: string, nodeId: string, documentJson: string, asOf: string) => ['preview', workflowId, 'members', nodeId, documentJson, asOf] as const,
  validate: (documentJson: string) => ['validate', documentJson] as const,
};

export interface PreviewOptions {
  /** YYYY-MM-DD; empty for today. */
  asOf: string;
  /** Count on a sample first: fast on large data, marked as estimates. */
  estimate?: boolean;
}

export const previewCounts = (workflowId: string, document: WorkflowInput, options: PreviewOptions, signal?: AbortSignal) =>
  request(`/api/workflows/${seg(workflowId)}/preview`, previewResultSchema, {
    json: { document, ...(options.asOf ? { asOf: options.asOf } : {}), ...(options.estimate ? { estimate: true } : {}) },
    signal,
  });

export const previewMembers = (workflowId: string, nodeId: string, document: WorkflowInput, asOf: string, signal?: AbortSignal) =>
  request(`/api/workflows/${seg(workflowId)}/preview/${seg(nodeId)}/rows`, memberRowsSchema, { json: { document, ...(asOf ? { asOf } : {}) }, signal });

export const validateDocument = (document: WorkflowInput, signal?: AbortSignal) => request('/api/validate', validationSchema, { json: { document }, signal });

/*
 * The query key holds the document itself, so an edit makes a new query; the old
 * one loses its observer and react-query aborts its request through `signal`.
 */
/**
 * A server busy with other previews answers 503 `busy` with Retry-After (5 s):
 * ask again a few times before showing it; any other failure shows at once.
 */
export const retryWhenBusy = (failures: number, error: unknown) => isApiError(error, 'busy') && failures < 3;
export const BUSY_RETRY_MS = 5_000;

/** The last exact counts of the workflow being edited (one editor at a time). */
let lastExact: ExactMemory | undefined;

/** Above this many rows in a source, counts come from a sample first and exact ones follow. */
export const ESTIMATE_FIRST_ROWS = 100_000;

export const previewCountsQuery = (workflowId: string, document: WorkflowInput, documentJson: string, asOf: string, enabled: boolean, estimateFirst = false) =>
  queryOptions({
    queryKey: previewKeys.counts(workflowId, documentJson, asOf),
    queryFn: async ({ signal, client, queryKey }) => {
      const memoryKey = `${workflowId}\u0000${asOf}`;
      if (estimateFirst) {
        // Estimates show at once (marked ≈), except where the last exact count still holds; the exact answer replaces them when ready.
        const estimate = await previewCounts(workflowId, document, { asOf, estimate: true }, signal);
        client.setQueryData(queryKey, { ...estimate, counts: keepExact(document, estimate.counts, lastExact, memoryKey) });
      }
      const exact = await previewCounts(workflowId, document, { asOf }, signal);
      lastExact = rememberExact(document, exact.counts, memoryKey);
      return exact;
    },
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    retry: retryWhenBusy,
    retryDelay: BUSY_RETRY_MS,
  });

export const membersQuery = (workflowId: string, nodeId: string, document: WorkflowInput, documentJson: string, asOf: string) =>
  queryOptions({
    queryKey: previewKeys.members(workflowId, nodeId, documentJson, asOf),
    queryFn: ({ signal }) => previewMembers(workflowId, nodeId, document, asOf, signal),
    staleTime: 60_000,
    retry: retryWhenBusy,
    retryDelay: BUSY_RETRY_MS,
  });

export const serverValidationQuery = (document: WorkflowInput, documentJson: string) =>
  queryOptions({
    queryKey: previewKeys.validate(documentJson),
    queryFn: ({ signal }) => validateDocument(document, signal),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    // A check the server could not finish (a check thread stopped) is a 503 busy: asked again, it is checked.
    retry: retryWhenBusy,
    retryDelay: BUSY_RETRY_MS,
  });
