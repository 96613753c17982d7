import type { z } from 'zod';
import { webhookDestination, type WebhookDestination } from './destination-schema.ts';
import { literalHeaders } from './credentials.ts';
import { sendBatch, webhookBatchKey, type WebhookContext, type WebhookDelivery } from './deliver-webhook.ts';
import { jsonPoster } from './http-post.ts';
import { jsonRow, jsonValue, segmentKey, type SegmentBatches } from './segment-batches.ts';

/**
 * Delivers only what changed since the last delivered run, as JSON POSTs of
 * `{ segment, runId, batch, totalBatches, entered: [rows], exited: [keys] }`:
 * first the batches of entered rows, then those of exited keys, each batch at
 * most `batchSize` items, in key order (so batch n holds the same items on
 * every attempt of the run). Same Idempotency-Key, ledger and retries as a full
 * delivery (`deliverWebhook`).
 */
export async function deliverWebhookChanges(
  entered: SegmentBatches,
  exited: SegmentBatches,
  destination: z.input<typeof webhookDestination> | WebhookDestination,
  ctx: WebhookContext,
): Promise<WebhookDelivery> {
  const dest = webhookDestination.parse(destination);
  const enteredBatches = Math.ceil(entered.count / dest.batchSize);
  const totalBatches = enteredBatches + Math.ceil(exited.count / dest.batchSize);
  const headers = literalHeaders(dest.headers);
  const poster = jsonPoster(dest.url, ctx.allow);
  const result: WebhookDelivery = { batches: 0, skipped: 0, attempts: 0 };
  const key = segmentKey(exited);
  let batch = 0;
  const send = async (items: { entered: unknown[]; exited: unknown[] }) => {
    batch++;
    ctx.signal?.throwIfAborted();
    const ledgerKey = webhookBatchKey(ctx.runId, ctx.nodeId, batch);
    if (await ctx.ledger.delivered(ledgerKey)) result.skipped++;
    else {
      const body = JSON.stringify({ runId: ctx.runId, segment: ctx.segmentName, batch, totalBatches, ...items });
      const sent = { ...headers, 'content-type': 'application/json', 'idempotency-key': ledgerKey, 'user-agent': 'segflow' };
      result.attempts += await sendBatch(() => poster.post(body, sent, { timeoutMs: dest.timeoutMs, signal: ctx.signal }), dest.maxAttempts, ctx, `${batch}/${totalBatches}`);
      await ctx.ledger.record(ledgerKey);
      result.batches++;
    }
    ctx.onProgress?.(batch, totalBatches);
  };
  try {
    for await (const rows of entered.batches(dest.batchSize)) await send({ entered: rows.map((r) => jsonRow(r, entered)), exited: [] });
    for await (const rows of exited.batches(dest.batchSize)) await send({ entered: [], exited: rows.map((r) => jsonValue(r[key], exited.types?.[key])) });
  } finally {
    poster.close();
  }
  return result;
}
