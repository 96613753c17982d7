import { queryOptions } from '@tanstack/react-query';
import type { WorkflowInput } from '@segflow/engine';
import { problemSchema, versionListItemSchema, versionRecordSchema, workflowRecordSchema, type VersionListItem, type VersionRecord as ContractVersion } from '@segflow/contract';
import { z } from 'zod';
import { request, seg } from './http.ts';
import type { WorkflowRecord } from './workflows.queries.ts';

/** A published version as the list shows it: its number `n`, note, and the segment sizes of its newest succeeded run. */
export type VersionSummary = VersionListItem;
export type VersionRecord = Omit<ContractVersion, 'document'> & { document: WorkflowInput };

const versionKeys = {
  list: (workflowId: string) => ['versions', workflowId] as const,
  one: (workflowId: string, n: number) => ['versions', workflowId, n] as const,
};
export { versionKeys };

const versionList = z.object({ versions: z.array(versionListItemSchema) });
const published = z.object({ version: versionRecordSchema, problems: z.array(problemSchema) });

/** Newest first. */
export const listVersions = async (workflowId: string, signal?: AbortSignal): Promise<VersionSummary[]> =>
  (await request(`/api/workflows/${seg(workflowId)}/versions`, versionList, { signal })).versions.sort((a, b) => b.n - a.n);

export const getVersion = async (workflowId: string, n: number, signal?: AbortSignal) =>
  (await request(`/api/workflows/${seg(workflowId)}/versions/${n}`, versionRecordSchema, { signal })) as VersionRecord;

export const publishWorkflow = async (workflowId: string, note: string) =>
  (await request(`/api/workflows/${seg(workflowId)}/publish`, published, { json: { note } })).version;

/** Makes version n the draft, over `revision` so it never silently replaces someone's newer save. */
export const restoreVersion = async (workflowId: string, n: number, revision?: number) =>
  (await request(`/api/workflows/${seg(workflowId)}/versions/${n}/restore`, workflowRecordSchema, { method: 'POST', json: revision ? { revision } : {} })) as WorkflowRecord;

export const versionsQuery = (workflowId: string) =>
  queryOptions({ queryKey: versionKeys.list(workflowId), queryFn: ({ signal }) => listVersions(workflowId, signal) });

export const versionQuery = (workflowId: string, n: number) =>
  queryOptions({ queryKey: versionKeys.one(workflowId, n), queryFn: ({ signal }) => getVersion(workflowId, n, signal), staleTime: Infinity });
