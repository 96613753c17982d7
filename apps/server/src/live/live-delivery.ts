import type { Logger } from 'pino';
import {
  jsonPoster, literalHeaders, resolveCredentials, sendBatch, webhookDestination,
  type AddressAllowList, type CredentialResolver, type JsonPoster, type WebhookDestination,
} from '@segflow/engine/node';
import type { LiveStore, StoredChange } from './live.store.ts';
import type { LiveOutput } from './live-version.ts';

/** How an enter or exit is sent and streamed: the key back in its own type. */
export const publicChange = (c: StoredChange) => ({
  seq: c.seq, workflowId: c.workflowId, version: c.version, segment: c.segment,
  key: JSON.parse(c.customerKey) as string | number, change: c.change, at: c.at, cause: c.cause, row: c.row,
});

/** The ledger key of the batch of a destination's changes (from, to]. */
export const liveBatchKey = (workflowId: string, nodeId: string, from: number, to: number) => `live:${workflowId}:${nodeId}:${from + 1}-${to}`;

/** After a batch failed every attempt, the next try waits this long (nothing is dropped). */
const RETRY_LATER_MS = 5_000;
/** While another server delivers an output, this one looks again this often (in case that server died). */
const LOCKED_OUT_RETRY_MS = 1_000;

interface Deps {
  store: LiveStore;
  allow: AddressAllowList;
  credentials?: CredentialResolver;
  logger: Logger;
  /** The outputs of the version the workflow's live audience uses now. */
  outputs(workflowId: string): Promise<LiveOutput[]>;
  /**
   * Several servers (Redis): the lock one server holds while it delivers an
   * output (`workflow:node`), or null when another server holds it.
   */
  lock?(name: string): Promise<(() => Promise<void>) | null>;
}

/**
 * Sends every enter and exit to the webhooks of the workflow's outputs, in
 * order, as POSTs of `{ workflowId, segment, batch, changes }` with
 * Idempotency-Key = batch. Exactly once, across crashes: a batch's bounds are
 * stored before it is sent (a restart sends the same batch under the same key),
 * and the ledger and cursor move only after the receiver said 2xx.
 */
export function liveDeliverer(deps: Deps) {
  // One process alone (no Redis): the busy map below is all the exclusion there is to have.
  const NO_LOCK = async () => undefined;
  const busy = new Map<string, { again: boolean }>();
  const posters = new Map<string, JsonPoster>();
  const timers = new Set<NodeJS.Timeout>();
  const waiting = new Set<string>();
  let closed = false;

  const posterFor = (id: string, url: string) => {
    const name = `${id}|${url}`;
    let poster = posters.get(name);
    if (!poster) posters.set(name, (poster = jsonPoster(url, deps.allow)));
    return poster;
  };

  async function sendPending(workflowId: string, output: LiveOutput, dest: WebhookDestination): Promise<void> {
    const { store } = deps;
    const ledger = store.ledger(workflowId);
    const headers = literalHeaders(dest.headers);
    for (;;) {
      const cursor = store.cursor(workflowId, output.nodeId);
      const to = cursor.pendingTo ?? store.batchEnd(workflowId, output.nodeId, cursor.delivered, dest.batchSize);
      if (to === undefined || closed) return;
      if (cursor.pendingTo === null) store.setCursor(workflowId, output.nodeId, cursor.delivered, to);
      const key = liveBatchKey(workflowId, output.nodeId, cursor.delivered, to);
      if (!(await ledger.delivered(key))) {
        const changes = store.nodeChanges(workflowId, output.nodeId, cursor.delivered, to).map(publicChange);
        const body = JSON.stringify({ workflowId, segment: output.segment, batch: key, changes });
        const sent = { ...headers, 'content-type': 'application/json', 'idempotency-key': key, 'user-agent': 'segflow' };
        const poster = posterFor(`${workflowId}:${output.nodeId}`, dest.url);
        await sendBatch(() => poster.post(body, sent, { timeoutMs: dest.timeoutMs }), dest.maxAttempts, { runId: 'live', nodeId: output.nodeId, segmentName: output.segment, ledger, allow: deps.allow }, key);
        await ledger.record(key);
      }
      store.setCursor(workflowId, output.nodeId, to, null);
    }
  }

  /** Looks again later; one timer per workflow is enough, as a wake drains all its outputs. */
  function retryLater(workflowId: string, ms: number): void {
    if (closed || waiting.has(workflowId)) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      waiting.delete(workflowId);
      wake(workflowId);
    }, ms);
    timers.add(timer);
    waiting.add(workflowId);
  }

  function drain(workflowId: string, output: LiveOutput, dest: WebhookDestination): void {
    const name = `${workflowId}:${output.nodeId}`;
    const running = busy.get(name);
    if (running) return void (running.again = true);
    const state = { again: false };
    busy.set(name, state);
    void (async () => {
      let lockedOut = false;
      let failed = false;
      try {
        const unlock = deps.lock ? await deps.lock(name) : NO_LOCK;
        if (!unlock) return void (lockedOut = true);
        try {
          do {
            state.again = false;
            await sendPending(workflowId, output, dest);
          } while (state.again && !closed);
        } finally {
          await unlock();
        }
      } catch (error) {
        deps.logger.warn({ workflowId, output: output.nodeId, err: error }, 'live changes not delivered yet; trying again');
        failed = true;
        retryLater(workflowId, RETRY_LATER_MS);
      } finally {
        busy.delete(name);
      }
      if (lockedOut) retryLater(workflowId, LOCKED_OUT_RETRY_MS);
      // Another server's wake while this one held the lock found it taken: what it stored is sent now.
      else if (deps.lock && !failed && !closed && deps.store.pendingDeliveries(workflowId, output.nodeId) > 0) drain(workflowId, output, dest);
    })();
  }

  function wake(workflowId: string): void {
    if (closed) return;
    deps.outputs(workflowId).then((outputs) => {
      for (const output of outputs) {
        const named = output.destination as { type?: string } | undefined;
        if (named?.type !== 'webhook') continue;
        drain(workflowId, output, webhookDestination.parse(resolveCredentials(named as never, deps.credentials)));
      }
    }, (error) => deps.logger.warn({ workflowId, err: error }, 'live audience cannot deliver: its published version does not compile'));
  }

  return {
    /** Sends what is pending for the workflow now (after an ingest, at start, after a reconcile). */
    wake,
    /** Whether a destination is sending right now. */
    busy: () => busy.size > 0,
    close() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      for (const poster of posters.values()) poster.close();
    },
  };
}

export type LiveDeliverer = ReturnType<typeof liveDeliverer>;
