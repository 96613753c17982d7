import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { createPreviewer, type AddressAllowList, type ColumnValues, type MemberRows, type Previewer, type PreviewResult, type RuleCounts } from '@segflow/engine/node';
import { HttpError } from '../http/errors.ts';
import type { DataPaths } from './data-paths.ts';
import { pathResolver } from './resolve-path.ts';

interface Entry {
  previewer: Promise<Previewer>;
  busy: number;
  lastUsed: number;
  /** Close (and delete its file) once the running request is done: closing DuckDB mid-query is unsafe. */
  doomed?: { deleteFile: boolean; closed: () => void };
}

const isAbort = (e: unknown) => (e as Error)?.name === 'AbortError';

/**
 * Live counts while a workflow is edited. Each workflow has its own previewer,
 * whose result cache (a DuckDB file under cache/) lets an edit recompute only
 * what lies downstream of it. A newer request of the same kind (estimate or
 * exact) for the same workflow cancels the older one, which answers 409
 * `superseded`; so does a client that goes away.
 */
export function previewService(deps: { paths: DataPaths; logger: Logger; maxOpen?: number; addressAllowList?: AddressAllowList }) {
  const entries = new Map<string, Entry>();
  const inflight = new Map<string, AbortController>();
  const maxOpen = deps.maxOpen ?? 8;
  const fileOf = (workflowId: string) => join(deps.paths.cache, `${workflowId}.duckdb`);

  /** Closes the least recently used idle previewers beyond `maxOpen`: each holds a DuckDB open. */
  function evict() {
    const idle = [...entries].filter(([, e]) => !e.busy).sort((a, b) => a[1].lastUsed - b[1].lastUsed);
    while (entries.size > maxOpen && idle.length) void retire(idle.shift()![0], false);
  }

  async function use<T>(workflowId: string, work: (p: Previewer) => Promise<T>): Promise<T> {
    let entry = entries.get(workflowId);
    if (!entry) {
      const previewer = createPreviewer({ databasePath: fileOf(workflowId), resolvePath: pathResolver(deps.paths.datasets), addressAllowList: deps.addressAllowList });
      entry = { previewer, busy: 0, lastUsed: Date.now() };
      entries.set(workflowId, entry);
      previewer.catch(() => entries.delete(workflowId));
    }
    entry.busy++;
    entry.lastUsed = Date.now();
    try {
      return await work(await entry.previewer);
    } finally {
      entry.busy--;
      if (entry.doomed && !entry.busy) void shut(workflowId, entry);
      evict();
    }
  }

  async function shut(workflowId: string, entry: Entry) {
    await entry.previewer.then((p) => p.close(), () => undefined);
    if (entry.doomed?.deleteFile) for (const suffix of ['', '.wal']) rmSync(`${fileOf(workflowId)}${suffix}`, { force: true });
    entry.doomed?.closed();
  }

  /** Cancels what runs for the workflow and closes its previewer once idle. */
  function retire(workflowId: string, deleteFile: boolean): Promise<void> {
    for (const [key, c] of inflight) if (key.startsWith(`${workflowId}:`)) c.abort();
    const entry = entries.get(workflowId);
    entries.delete(workflowId);
    if (!entry) {
      if (deleteFile) for (const suffix of ['', '.wal']) rmSync(`${fileOf(workflowId)}${suffix}`, { force: true });
      return Promise.resolve();
    }
    return new Promise((closed) => {
      entry.doomed = { deleteFile, closed };
      if (!entry.busy) void shut(workflowId, entry);
    });
  }

  /** Cancels the previous request under `key` and ties this one to the client's connection. */
  async function latest<T>(key: string, clientGone: AbortSignal, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    inflight.get(key)?.abort();
    const controller = new AbortController();
    inflight.set(key, controller);
    const onGone = () => controller.abort();
    clientGone.addEventListener('abort', onGone);
    try {
      return await work(controller.signal);
    } catch (e) {
      if (isAbort(e) || controller.signal.aborted) throw new HttpError(409, 'superseded', 'A newer preview of this workflow replaced this one.');
      throw e;
    } finally {
      clientGone.removeEventListener('abort', onGone);
      if (inflight.get(key) === controller) inflight.delete(key);
    }
  }

  return {
    preview(workflowId: string, document: unknown, options: { asOf?: string; estimate?: boolean }, clientGone: AbortSignal): Promise<PreviewResult> {
      const key = `${workflowId}:${options.estimate ? 'estimate' : 'exact'}`;
      return latest(key, clientGone, (signal) => use(workflowId, (p) => p.preview(document, { ...options, signal })));
    },
    rows(workflowId: string, document: unknown, nodeId: string, options: { asOf?: string; limit?: number }, clientGone: AbortSignal): Promise<MemberRows> {
      return latest(`${workflowId}:rows`, clientGone, (signal) => use(workflowId, (p) => p.rows(document, nodeId, { ...options, signal })));
    },
    /** One request per node and column: the rule builder asks for several columns at once. */
    values(workflowId: string, document: unknown, nodeId: string, column: string, options: { asOf?: string }, clientGone: AbortSignal): Promise<ColumnValues | null> {
      return latest(`${workflowId}:values:${nodeId}:${column}`, clientGone, (signal) => use(workflowId, (p) => p.values(document, nodeId, column, { ...options, signal })));
    },
    ruleCounts(workflowId: string, document: unknown, nodeId: string, options: { asOf?: string }, clientGone: AbortSignal): Promise<RuleCounts | null> {
      return latest(`${workflowId}:rule-counts:${nodeId}`, clientGone, (signal) => use(workflowId, (p) => p.ruleCounts(document, nodeId, { ...options, signal })));
    },
    /** A deleted workflow's cache goes with it. */
    forget: (workflowId: string) => retire(workflowId, true),
    async close(): Promise<void> {
      await Promise.all([...entries.keys()].map((id) => retire(id, false)));
    },
  };
}

export type PreviewService = ReturnType<typeof previewService>;
