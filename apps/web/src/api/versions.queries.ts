import { queryOptions } from '@tanstack/react-query';
import type { Workflow } from '@segflow/engine';
import { request, seg } from './http.ts';
import { normaliseSegments, type WorkflowRecord } from './workflows.queries.ts';

export interface VersionSummary {
  version: number;
  note?: string;
  createdAt?: string;
  /** The newest succeeded run of this version, when there is one. */
  lastRun?: { id: string; asOf?: string; finishedAt?: string; segments?: Record<string, { count: number }> } | null;
}

export interface VersionRecord extends VersionSummary {
  document: Workflow;
}

/** Either side of a diff: what was added, removed or changed, by node and edge. */
export interface ConfigChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

export interface DocumentDiff {
  nodes: { added: string[]; removed: string[]; changed: { id: string; changes: ConfigChange[] }[] };
  edges: { added: string[]; removed: string[] };
}

const versionKeys = {
  list: (workflowId: string) => ['versions', workflowId] as const,
  one: (workflowId: string, n: number) => ['versions', workflowId, n] as const,
  diff: (workflowId: string, n: number, m: number) => ['versions', workflowId, 'diff', n, m] as const,
};
export { versionKeys };

type RawVersion = { version?: number; number?: number; n?: number; lastRun?: { segments?: Record<string, number | { count: number }> | null } | null };

// The server numbers versions `n`; the UI reads `version`, and segment sizes as `{count}`.
function normalise<T extends RawVersion>(v: T) {
  const lastRun = v.lastRun ? { ...v.lastRun, segments: normaliseSegments(v.lastRun.segments) } : v.lastRun;
  return { ...v, version: (v.version ?? v.number ?? v.n)!, lastRun } as unknown as Omit<T, 'lastRun'> & VersionSummary;
}

export async function listVersions(workflowId: string, signal?: AbortSignal): Promise<VersionSummary[]> {
  const body = await request<RawVersion[] | { versions: RawVersion[] }>(`/api/workflows/${seg(workflowId)}/versions`, { signal });
  return (Array.isArray(body) ? body : body.versions ?? []).map((v) => normalise(v) as VersionSummary).sort((a, b) => b.version - a.version);
}

export const getVersion = async (workflowId: string, n: number, signal?: AbortSignal) =>
  normalise(await request<RawVersion & { document: Workflow }>(`/api/workflows/${seg(workflowId)}/versions/${n}`, { signal })) as VersionRecord;

export const getVersionDiff = (workflowId: string, n: number, m: number, signal?: AbortSignal) =>
  request<DocumentDiff>(`/api/workflows/${seg(workflowId)}/versions/${n}/diff/${m}`, { signal });

export async function publishWorkflow(workflowId: string, note: string): Promise<VersionSummary> {
  const body = await request<RawVersion & { version?: RawVersion | number }>(`/api/workflows/${seg(workflowId)}/publish`, { json: { note } });
  // `{version: {...}}` or the version itself.
  return normalise(typeof body.version === 'object' ? body.version : body) as VersionSummary;
}

/** Makes version n the draft, over `revision` so it never silently replaces someone's newer save. */
export const restoreVersion = (workflowId: string, n: number, revision?: number) =>
  request<WorkflowRecord>(`/api/workflows/${seg(workflowId)}/versions/${n}/restore`, { method: 'POST', json: revision ? { revision } : {} });

export const versionsQuery = (workflowId: string) =>
  queryOptions({ queryKey: versionKeys.list(workflowId), queryFn: ({ signal }) => listVersions(workflowId, signal) });

export const versionQuery = (workflowId: string, n: number) =>
  queryOptions({ queryKey: versionKeys.one(workflowId, n), queryFn: ({ signal }) => getVersion(workflowId, n, signal), staleTime: Infinity });

export const versionDiffQuery = (workflowId: string, n: number, m: number) =>
  queryOptions({ queryKey: versionKeys.diff(workflowId, n, m), queryFn: ({ signal }) => getVersionDiff(workflowId, n, m, signal), staleTime: Infinity });
