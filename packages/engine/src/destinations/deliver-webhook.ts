import { PermanentError } from '../run/permanent-error.ts';
import type { z } from 'zod';
import type { AddressAllowList } from './address-policy.ts';
import { webhookDestination, type WebhookDestination } from './destination-schema.ts';
import { literalHeaders } from './credentials.ts';
import { jsonPoster, type PostResult } from './http-post.ts';
import type { DeliveryLedger } from './ledger.ts';
import { abortableSleep, backoffMs } from './retry.ts';
import { jsonRow, type SegmentBatches } from './segment-batches.ts';

export interface DeliveryContext {
  runId: string;
  nodeId: string;
  segmentName: string;
  ledger: DeliveryLedger;
  signal?: AbortSignal;
  /** Done batches (sent or found in the ledger) out of all of them. */
  onProgress?(doneBatches: number, totalBatches: number): void;
  /** Waits between attempts (tests pass a fast one); the run's signal is checked after it. */
  sleep?(ms: number): Promise<void>;
}

export interface WebhookContext extends DeliveryContext {
  allow: AddressAllowList;
  /** Jitter source, for tests. */
  random?: () => number;
}

export interface WebhookDelivery {
  /** Batches sent by this call. */
  batches: number;
  /** Batches skipped because the ledger had them. */
  skipped: number;
  /** POSTs made, retries included. */
  attempts: number;
}

/** The ledger key of one delivered webhook batch (batches count from 1). */
export const webhookBatchKey = (runId: string, nodeId: string, batch: number) => `${runId}:${nodeId}:${batch}`;

/**
 * Delivers a segment as JSON POSTs of `batchSize` rows:
 * `{ runId, segment, batch, totalBatches, rows }` with `Idempotency-Key:
 * runId:nodeId:batch`. A batch the ledger has is skipped; a batch the receiver
 * accepted (2xx) is recorded before the next one starts. Retries 5xx, 408, 429
 * (honouring Retry-After), resets and timeouts with backoff; any other answer
 * fails at once. Throws, naming the batch and the reason, when a batch cannot
 * be delivered. An empty segment sends nothing.
 *
 * @example
 *   await deliverWebhook(segment, { type: 'webhook', url: 'https://crm.example.com/hook' },
 *     { runId, nodeId: 'out1', segmentName: 'vip', ledger: fileLedger(path), allow: {} });
 */
export async function deliverWebhook(
  segment: SegmentBatches,
  destination: z.input<typeof webhookDestination> | WebhookDestination,
  ctx: WebhookContext,
): Promise<WebhookDelivery> {
  const dest = webhookDestination.parse(destination);
  const totalBatches = Math.ceil(segment.count / dest.batchSize);
  const headers = literalHeaders(dest.headers);
  const poster = jsonPoster(dest.url, ctx.allow);
  const result: WebhookDelivery = { batches: 0, skipped: 0, attempts: 0 };
  let batch = 0;
  try {
    for await (const rows of segment.batches(dest.batchSize)) {
      batch++;
      ctx.signal?.throwIfAborted();
      const key = webhookBatchKey(ctx.runId, ctx.nodeId, batch);
      if (await ctx.ledger.delivered(key)) result.skipped++;
      else {
        const body = JSON.stringify({ runId: ctx.runId, segment: ctx.segmentName, batch, totalBatches, rows: rows.map((r) => jsonRow(r, segment)) });
        const sent = { ...headers, 'content-type': 'application/json', 'idempotency-key': key, 'user-agent': 'segflow' };
        result.attempts += await sendBatch(() => poster.post(body, sent, { timeoutMs: dest.timeoutMs, signal: ctx.signal }), dest.maxAttempts, ctx, `${batch}/${totalBatches}`);
        await ctx.ledger.record(key);
        result.batches++;
      }
      ctx.onProgress?.(batch, totalBatches);
    }
  } finally {
    poster.close();
  }
  return result;
}

/** Sends one batch until it is accepted; returns the attempts it took. */
export async function sendBatch(post: () => Promise<PostResult>, maxAttempts: number, ctx: WebhookContext, which: string): Promise<number> {
  const sleep = ctx.sleep ?? ((ms: number) => abortableSleep(ms, ctx.signal));
  for (let attempt = 1; ; attempt++) {
    const result = await post();
    if (result.ok) return attempt;
    if (result.aborted) ctx.signal?.throwIfAborted();
    const what = `Webhook batch ${which} of segment "${ctx.segmentName}"`;
    // The webhook has its own retries: the run must not multiply them.
    if (!result.retry) throw new PermanentError(`${what} was not delivered: ${result.reason} (not retried).`);
    if (attempt >= maxAttempts) throw new PermanentError(`${what} was not delivered after ${attempt} attempts: ${result.reason}.`);
    await sleep(result.retryAfterMs ?? backoffMs(attempt, ctx.random));
    ctx.signal?.throwIfAborted();
  }
}
