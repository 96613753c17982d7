import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { WorkflowInput } from '@segflow/engine';
import { columnValuesSchema, ruleCountsSchema, type ColumnValuesView, type RuleCountsView } from '@segflow/contract';
import { request, seg } from './http.ts';

export type ColumnValues = ColumnValuesView;
export type RuleCounts = RuleCountsView;

export const ruleBuilderKeys = {
  values: (workflowId: string, nodeId: string, column: string, documentJson: string, asOf: string) =>
    ['preview', workflowId, 'values', nodeId, column, documentJson, asOf] as const,
  ruleCounts: (workflowId: string, nodeId: string, documentJson: string, asOf: string) =>
    ['preview', workflowId, 'rule-counts', nodeId, documentJson, asOf] as const,
};

const withAsOf = (asOf: string) => (asOf ? { asOf } : {});

/** The most frequent values of a column at a node, and min / median / max for numbers: value suggestions. */
export const columnValuesQuery = (workflowId: string, nodeId: string, column: string, document: WorkflowInput, documentJson: string, asOf: string) =>
  queryOptions({
    queryKey: ruleBuilderKeys.values(workflowId, nodeId, column, documentJson, asOf),
    queryFn: ({ signal }) =>
      request(`/api/workflows/${seg(workflowId)}/preview/${seg(nodeId)}/values`, columnValuesSchema, { json: { document, column, ...withAsOf(asOf) }, signal }),
    // An edit elsewhere asks again; the values shown meanwhile are the last ones, not none.
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
    retry: false,
  });

/** Beside each top-level rule of a filter: customers passing it alone and remaining after it. */
export const ruleCountsQuery = (workflowId: string, nodeId: string, document: WorkflowInput, documentJson: string, asOf: string) =>
  queryOptions({
    queryKey: ruleBuilderKeys.ruleCounts(workflowId, nodeId, documentJson, asOf),
    queryFn: ({ signal }) =>
      request(`/api/workflows/${seg(workflowId)}/preview/${seg(nodeId)}/rule-counts`, ruleCountsSchema, { json: { document, ...withAsOf(asOf) }, signal }),
    staleTime: 60_000,
    retry: false,
  });
