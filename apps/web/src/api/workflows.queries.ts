import { queryOptions } from '@tanstack/react-query';
import type { RunStatus, Workflow, WorkflowInput } from '@segflow/engine';
import { request, seg } from './http.ts';

/** The latest run of a workflow as the list shows it. */
export interface RunSummary {
  id: string;
  status: RunStatus;
  mode?: string;
  partitions?: number;
  version?: number | null;
  /** The day the run computed its segments as of (YYYY-MM-DD). */
  asOf?: string;
  createdAt?: string;
  startedAt?: string;
  finishedAt?: string;
  ms?: number;
  segments?: Record<string, { count: number; path?: string }>;
}

/** Segment sizes come as `{name: count}` or `{name: {count}}`; the UI reads `{count}`. */
export function normaliseSegments(segments: Record<string, number | { count: number; path?: string }> | null | undefined): RunSummary['segments'] {
  if (!segments) return undefined;
  return Object.fromEntries(Object.entries(segments).map(([name, s]) => [name, typeof s === 'number' ? { count: s } : s]));
}

export const normaliseRun = <T extends RunSummary>(run: T): T => ({ ...run, segments: normaliseSegments(run.segments as never) });

export interface WorkflowSummary {
  id: string;
  name: string;
  revision: number;
  createdAt?: string;
  updatedAt?: string;
  /** Number of the last published version, if any. */
  publishedVersion?: number | null;
  lastRun?: RunSummary | null;
}

export interface WorkflowRecord extends WorkflowSummary {
  document: Workflow;
}

export const emptyDocument = (name: string): WorkflowInput => ({ schemaVersion: 1, name, nodes: [], edges: [] });

export const workflowKeys = {
  all: ['workflows'] as const,
  list: () => [...workflowKeys.all, 'list'] as const,
  detail: (id: string) => [...workflowKeys.all, 'detail', id] as const,
};

// The list endpoint may answer with a bare array or `{workflows: [...]}`; accept both.
const unwrapList = <T>(body: T[] | Record<string, T[]>, key: string): T[] => (Array.isArray(body) ? body : body[key] ?? []);
const unwrapOne = <T>(body: T | Record<string, T>, key: string): T =>
  body && typeof body === 'object' && key in body ? (body as Record<string, T>)[key] : (body as T);

export const listWorkflows = async (signal?: AbortSignal) =>
  unwrapList(await request<WorkflowSummary[] | Record<string, WorkflowSummary[]>>('/api/workflows', { signal }), 'workflows').map((w) => ({
    ...w,
    lastRun: w.lastRun ? normaliseRun(w.lastRun) : w.lastRun,
  }));

export const getWorkflow = async (id: string, signal?: AbortSignal) =>
  unwrapOne(await request<WorkflowRecord>(`/api/workflows/${seg(id)}`, { signal }), 'workflow');

export const createWorkflow = async (input: { name: string; document: WorkflowInput }) =>
  unwrapOne(await request<WorkflowRecord>('/api/workflows', { json: input }), 'workflow');

export const saveWorkflow = async (id: string, input: { name: string; document: WorkflowInput; revision: number }, signal?: AbortSignal) =>
  unwrapOne(await request<WorkflowRecord>(`/api/workflows/${seg(id)}`, { method: 'PUT', json: input, signal }), 'workflow');

export const deleteWorkflow = (id: string) => request<void>(`/api/workflows/${seg(id)}`, { method: 'DELETE' });

/** A copy is a new workflow made from the original's current draft. */
export async function duplicateWorkflow(id: string): Promise<WorkflowRecord> {
  const original = await getWorkflow(id);
  const name = `${original.name} (copy)`;
  return createWorkflow({ name, document: { ...original.document, name } });
}

export const exportUrl = (id: string) => `/api/workflows/${seg(id)}/export`;

/** Import takes the exported file as it is (a document, or the export envelope). */
export const importWorkflow = async (file: unknown) =>
  unwrapOne(await request<WorkflowRecord>('/api/workflows/import', { json: file }), 'workflow');

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
