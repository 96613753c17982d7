import { queryOptions } from '@tanstack/react-query';
import type { WorkflowInput } from '@segflow/engine';
import { workflowListItemSchema, workflowRecordSchema, type WorkflowListItem, type WorkflowRecord as ContractRecord } from '@segflow/contract';
import { z } from 'zod';
import { request, seg } from './http.ts';

export type { RunSummary } from '@segflow/contract';
export type WorkflowSummary = WorkflowListItem;

/** A workflow with its draft, which the editor reads as the engine's document input. */
export type WorkflowRecord = Omit<ContractRecord, 'document'> & { document: WorkflowInput };
const recordOf = (record: ContractRecord) => record as WorkflowRecord;

export const emptyDocument = (name: string): WorkflowInput => ({ schemaVersion: 1, name, nodes: [], edges: [] });

export const workflowKeys = {
  all: ['workflows'] as const,
  list: () => [...workflowKeys.all, 'list'] as const,
  detail: (id: string) => [...workflowKeys.all, 'detail', id] as const,
};

const workflowList = z.object({ workflows: z.array(workflowListItemSchema) });

export const listWorkflows = async (signal?: AbortSignal) => (await request('/api/workflows', workflowList, { signal })).workflows;

export const getWorkflow = async (id: string, signal?: AbortSignal) => recordOf(await request(`/api/workflows/${seg(id)}`, workflowRecordSchema, { signal }));

export const createWorkflow = async (input: { name: string; document: WorkflowInput }) =>
  recordOf(await request('/api/workflows', workflowRecordSchema, { json: input }));

export const saveWorkflow = async (id: string, input: { name: string; document: WorkflowInput; revision: number }, signal?: AbortSignal) =>
  recordOf(await request(`/api/workflows/${seg(id)}`, workflowRecordSchema, { method: 'PUT', json: input, signal }));

export const deleteWorkflow = (id: string) => request(`/api/workflows/${seg(id)}`, null, { method: 'DELETE' });

/** A copy is a new workflow made from the original's current draft. */
export async function duplicateWorkflow(id: string): Promise<WorkflowRecord> {
  const original = await getWorkflow(id);
  const name = `${original.name} (copy)`;
  return createWorkflow({ name, document: { ...original.document, name } });
}

export const exportUrl = (id: string) => `/api/workflows/${seg(id)}/export`;

/** Import takes the exported file as it is. */
export const importWorkflow = async (file: unknown) => recordOf(await request('/api/workflows/import', workflowRecordSchema, { json: file }));

export const workflowListQuery = () =>
  queryOptions({ queryKey: workflowKeys.list(), queryFn: ({ signal }) => listWorkflows(signal) });

export const workflowQuery = (id: string) =>
  queryOptions({
    queryKey: workflowKeys.detail(id),
    queryFn: ({ signal }) => getWorkflow(id, signal),
    // The editor owns the draft once loaded; refetching would fight autosave.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
