import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { createPreviewer, previewInWarehouse, readsWarehouse, rowsInWarehouse, valuesInWarehouse, type AddressAllowList, type CredentialResolver, type ColumnValues, type MemberRows, type Previewer, type PreviewResult, type RuleCounts } from '@segflow/engine/node';
import { HttpError } from '../http/errors.ts';
import { insightService, type ReadNodes } from './insight.ts';
import type { DataPaths } from './data-paths.ts';
import type { SharedDuckDb } from './duckdb.ts';
import { BusyError, computeGate } from './memory/compute-gate.ts';
import { isBusy, isOutOfMemory } from './memory/busy.ts';
import { pathResolver } from './resolve-path.ts';
import { systemClock, type Clock } from './schedules/clock.ts';

interface Entry {
  previewer: Promise<Previewer>;
  busy: number;
  lastUsed: number;
  /** Cancels the timer that closes the previewer once it has been idle for `idleMs`. */
  idleTimer?: () => void;
  /** Close (and delete its file) once the running request is done: closing DuckDB mid-query is unsafe. */
  doomed?: { deleteFile: boolean; closed: () => void };
}

const isAbort = (e: unknown) => (e as Error)?.name === 'AbortError';

/** A node DuckDB could not fit in the budget failed for want of memory, not for anything in the document: say busy. */
function refuseOutOfMemory(result: PreviewResult): PreviewResult {
  if (result.problems.some((p) => p.code === 'node_failed' && isOutOfMemory(p.message))) throw new BusyError();
  return result;
}

/** Previewers unused this long are closed, and their memory given back (default 5 minutes). */
const IDLE_MS = 5 * 60_000;
/** Above this share of the memory budget, idle previewers are closed before more work starts. */
const TIGHT = 0.75;

export interface PreviewServiceDeps {
  paths: DataPaths;
  logger: Logger;
  /** The server's DuckDB: every previewer's cache file is attached to it, sharing its memory budget. */
  duckdb: SharedDuckDb;
  maxOpen?: number;
  idleMs?: number;
  clock?: Clock;
  addressAllowList?: AddressAllowList;
  /** Stored connections: a workflow reading warehouse tables counts there. */
  credentials?: CredentialResolver;
}

/**
 * Live counts while a workflow is edited. Each workflow has its own previewer,
 * whose result cache (a DuckDB file under cache/) lets an edit recompute only
 * what lies downstream of it. A newer request of the same kind (estimate or
 * exact) for the same workflow cancels the older one, which answers 409
 * `superseded`; so does a client that goes away.
 *
 * Memory: all previewers share the server's DuckDB and its budget. A few
 * compute at once and a bounded line waits (see computeGate); past that, and
 * when DuckDB runs out of memory, the answer is 503 `busy`. Previewers idle
 * for `idleMs`, and the least recently used ones when memory is tight, are
 * closed: their cache stays on disk, their memory is released.
 */
/**
 * Per key, only the newest request lives: a new one cancels the one before it,
 * which (like one whose client went away) answers 409 `superseded`.
 */
export function newestWins() {
  const inflight = new Map<string, AbortController>();
  return {
    /** Runs `work` as the newest request under `key`, tied to the client's connection. */
    async latest<T>(key: string, clientGone: AbortSignal, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
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
    },
    /** Cancels every request whose key starts with `prefix`. */
    abortAll(prefix: string): void {
      for (const [key, c] of inflight) if (key.startsWith(prefix)) c.abort();
    },
  };
}

export function previewService(deps: PreviewServiceDeps) {
  const entries = new Map<string, Entry>();
  const { latest, abortAll } = newestWins();
  const maxOpen = deps.maxOpen ?? 8;
  const idleMs = deps.idleMs ?? IDLE_MS;
  const clock = deps.clock ?? systemClock;
  const gate = computeGate(deps.duckdb.budget.slots, deps.duckdb.budget.queue);
  const fileOf = (workflowId: string) => join(deps.paths.cache, `${workflowId}.duckdb`);
  const removeFile = (workflowId: string) => {
    for (const suffix of ['', '.wal']) rmSync(`${fileOf(workflowId)}${suffix}`, { force: true });
  };
  /** Previewers being closed, by workflow: a new one for the same file waits for it. */
  const closing = new Map<string, Promise<void>>();

  const idleOnes = (except?: string) => [...entries].filter(([id, e]) => !e.busy && id !== except).sort((a, b) => a[1].lastUsed - b[1].lastUsed);

  /** Closes the least recently used idle previewers beyond `maxOpen`: each holds a DuckDB open. */
  function evict() {
    const idle = idleOnes();
    while (entries.size > maxOpen && idle.length) void release(idle.shift()![0]);
  }

  /** When DuckDB holds most of the budget, idle previewers give theirs back before more work starts. */
  async function relieve(workflowId: string): Promise<void> {
    const used = await deps.duckdb.memoryUsed().catch(() => 0);
    if (used < deps.duckdb.budget.bytes * TIGHT) return;
    const idle = idleOnes(workflowId);
    if (idle.length) deps.logger.info({ used, closing: idle.length }, 'memory is tight: closing idle previews');
    await Promise.all(idle.map(([id]) => release(id)));
  }

  function open(workflowId: string): Entry {
    const resolvePath = pathResolver(deps.paths.datasets);
    // A file still being detached (the previewer closed a moment ago) is attached again once it is.
    const previewer = (closing.get(workflowId) ?? Promise.resolve()).then(() => deps.duckdb.attach(fileOf(workflowId))).then((database) =>
      createPreviewer({ database, resolvePath, addressAllowList: deps.addressAllowList }).catch(async (e) => {
        await database.close();
        throw e;
      }),
    );
    const entry: Entry = { previewer, busy: 0, lastUsed: clock.now() };
    previewer.catch(() => entries.get(workflowId) === entry && entries.delete(workflowId));
    return entry;
  }

  /** An idle previewer is closed `idleMs` after its last use; a new use starts the wait again. */
  function closeWhenIdle(workflowId: string, entry: Entry) {
    entry.idleTimer?.();
    entry.idleTimer = clock.setTimer(() => {
      if (entries.get(workflowId) === entry && !entry.busy) void release(workflowId);
    }, idleMs);
  }

  async function use<T>(workflowId: string, work: (p: Previewer) => Promise<T>, signal: AbortSignal): Promise<T> {
    return gate.admit(async () => {
      await relieve(workflowId);
      let entry = entries.get(workflowId);
      if (!entry) entries.set(workflowId, (entry = open(workflowId)));
      entry.busy++;
      entry.idleTimer?.();
      entry.lastUsed = clock.now();
      try {
        return await work(await entry.previewer);
      } catch (e) {
        // What DuckDB could not fit even by spilling: give memory back for the next try.
        if (isBusy(e)) void Promise.all(idleOnes(workflowId).map(([id]) => release(id)));
        throw e;
      } finally {
        entry.busy--;
        entry.lastUsed = clock.now();
        if (entry.doomed && !entry.busy) void shut(workflowId, entry);
        else if (!entry.busy) closeWhenIdle(workflowId, entry);
        evict();
      }
    }, signal);
  }

  async function shut(workflowId: string, entry: Entry) {
    entry.idleTimer?.();
    await entry.previewer.then((p) => p.close(), () => undefined);
    if (entry.doomed?.deleteFile) removeFile(workflowId);
    entry.doomed?.closed();
  }

  /** Closes the workflow's previewer once its running request is done; its cache file stays for the next one. */
  function release(workflowId: string, deleteFile = false): Promise<void> {
    const entry = entries.get(workflowId);
    entries.delete(workflowId);
    if (!entry) {
      const pending = closing.get(workflowId) ?? Promise.resolve();
      return deleteFile ? pending.then(() => removeFile(workflowId)) : pending;
    }
    const closed = new Promise<void>((done) => {
      entry.doomed = { deleteFile, closed: done };
      if (!entry.busy) void shut(workflowId, entry);
    });
    closing.set(workflowId, closed);
    void closed.then(() => closing.get(workflowId) === closed && closing.delete(workflowId));
    return closed;
  }

  /** Cancels what runs or waits for the workflow, then closes its previewer. */
  function retire(workflowId: string, deleteFile: boolean): Promise<void> {
    abortAll(`${workflowId}:`);
    return release(workflowId, deleteFile);
  }

  /** What computing in the warehouse needs: the stored connections, and the signal of a newer request. */
  const warehouse = (signal: AbortSignal) => ({ resolvePath: pathResolver(deps.paths.datasets), signal, credentials: deps.credentials, addressAllowList: deps.addressAllowList });

  const readNodes: ReadNodes = (workflowId, kind, document, nodeIds, work, options, clientGone) =>
    latest(`${workflowId}:${kind}`, clientGone, (signal) => use(workflowId, (p) => p.readNodes(document, nodeIds, work, { ...options, signal }), signal));
  const insight = insightService(readNodes);

  return {
    preview(workflowId: string, document: unknown, options: { asOf?: string; estimate?: boolean }, clientGone: AbortSignal): Promise<PreviewResult> {
      const key = `${workflowId}:${options.estimate ? 'estimate' : 'exact'}`;
      // Warehouse tables are counted where they live (exactly: no sample), a newer preview cancelling this one.
      if (readsWarehouse(document))
        return latest(`${workflowId}:warehouse`, clientGone, (signal) =>
          previewInWarehouse(document, { ...warehouse(signal), asOf: options.asOf }));
      return latest(key, clientGone, (signal) => use(workflowId, (p) => p.preview(document, { ...options, signal }).then(refuseOutOfMemory), signal));
    },
    rows(workflowId: string, document: unknown, nodeId: string, options: { asOf?: string; limit?: number }, clientGone: AbortSignal): Promise<MemberRows> {
      // Members of a warehouse workflow are read where they live: a bounded SELECT after the steps that feed the node.
      if (readsWarehouse(document))
        return latest(`${workflowId}:rows`, clientGone, (signal) => rowsInWarehouse(document, nodeId, { ...warehouse(signal), asOf: options.asOf, limit: options.limit }));
      return latest(`${workflowId}:rows`, clientGone, (signal) => use(workflowId, (p) => p.rows(document, nodeId, { ...options, signal }), signal));
    },
    /** Previewers open (each holds its cache attached) and previews computing or waiting. */
    counts: () => ({ open: entries.size, ...gate.counts() }),
    /**
     * A node's rows for one-customer evaluation: one customer's (`key`) or a
     * whole lookup table (`cap`). Never superseded: each caller gets its answer.
     */
    nodeRows(workflowId: string, document: unknown, nodeId: string, options: { key?: string | number; limit: number; cap?: number }): Promise<MemberRows> {
      return use(workflowId, (p) => p.rows(document, nodeId, options), new AbortController().signal);
    },
    /** One request per node and column: the rule builder asks for several columns at once. */
    values(workflowId: string, document: unknown, nodeId: string, column: string, options: { asOf?: string }, clientGone: AbortSignal): Promise<ColumnValues | null> {
      if (readsWarehouse(document))
        return latest(`${workflowId}:values:${nodeId}:${column}`, clientGone, (signal) => valuesInWarehouse(document, nodeId, column, { ...warehouse(signal), asOf: options.asOf }));
      return latest(`${workflowId}:values:${nodeId}:${column}`, clientGone, (signal) => use(workflowId, (p) => p.values(document, nodeId, column, { ...options, signal }), signal));
    },
    ruleCounts(workflowId: string, document: unknown, nodeId: string, options: { asOf?: string }, clientGone: AbortSignal): Promise<RuleCounts | null> {
      return latest(`${workflowId}:rule-counts:${nodeId}`, clientGone, (signal) => use(workflowId, (p) => p.ruleCounts(document, nodeId, { ...options, signal }), signal));
    },
    /** What a step's customers look like, by one column. */
    breakdown: insight.breakdown,
    /** How 2-5 steps' customers overlap. */
    overlap: insight.overlap,
    /** A deleted workflow's cache goes with it. */
    forget: (workflowId: string) => retire(workflowId, true),
    /** Closes every previewer, those already closing too: the shared DuckDB closes after them. */
    async close(): Promise<void> {
      await Promise.all([...entries.keys()].map((id) => retire(id, false)));
      await Promise.all([...closing.values()]);
    },
  };
}

export type PreviewService = ReturnType<typeof previewService>;
