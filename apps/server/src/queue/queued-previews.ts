import { Queue, QueueEvents } from 'bullmq';
import type { Logger } from 'pino';
import type { OverlapView } from '@segflow/contract';
import type { Breakdown, ColumnValues, MemberRows, PreviewResult, RuleCounts } from '@segflow/engine/node';
import { HttpError } from '../http/errors.ts';
import { newestWins, type PreviewService } from '../services/preview-service.ts';
import type { PreviewAnswer, PreviewJob } from './preview-job.ts';
import { PREVIEW_CANCELS_CHANNEL, PREVIEW_QUEUE, pubSubBeside, redisConnection } from './redis-connection.ts';

/** How long a preview waits for a worker's answer before the designer hears "busy". */
const ANSWER_MS = 120_000;

function abortError(): Error {
  const e = new Error('The preview was cancelled by a newer one.');
  e.name = 'AbortError';
  return e;
}

/**
 * Queue mode's previews: the same service as previewService, but each request is
 * a job that a worker computes (its own DuckDB and cache). A newer request of the
 * same kind still replaces an older one: the older job is removed while it waits,
 * or its worker is told to stop, and it answers 409 `superseded`.
 */
export function queuedPreviews(url: string, logger: Logger): PreviewService {
  const connection = redisConnection(url);
  const queue = new Queue<PreviewJob>(PREVIEW_QUEUE, { connection });
  const events = new QueueEvents(PREVIEW_QUEUE, { connection });
  const unreachable = (err: Error) => logger.warn({ err }, 'previews cannot reach Redis');
  queue.on('error', unreachable);
  events.on('error', unreachable);
  const listening = events.waitUntilReady();
  const publisher = queue.client.then(pubSubBeside);
  const { latest, abortAll } = newestWins();
  let asking = 0;

  async function ask<T>(job: PreviewJob, signal: AbortSignal): Promise<T> {
    await listening;
    if (signal.aborted) throw abortError();
    asking++;
    const added = await queue.add(job.op, job, { removeOnComplete: { age: 60 }, removeOnFail: { age: 60 } });
    let onAbort = () => {};
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => {
        void added.remove().catch(() => undefined);
        void publisher.then((c) => c.publish(PREVIEW_CANCELS_CHANNEL, added.id!)).catch(() => undefined);
        reject(abortError());
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      const answer = (await Promise.race([added.waitUntilFinished(events, ANSWER_MS), aborted]).catch((e: Error) => {
        if (e.name === 'AbortError') throw e;
        if (/timed out/i.test(e.message)) throw new HttpError(503, 'busy', 'No Segflow worker answered in time; try again in a moment.');
        throw new Error(`A worker could not compute the preview: ${e.message}`);
      })) as PreviewAnswer;
      if ('error' in answer) throw new HttpError(answer.error.status, answer.error.code, answer.error.message);
      return answer.ok as T;
    } finally {
      signal.removeEventListener('abort', onAbort);
      asking--;
    }
  }

  const never = new AbortController().signal;
  return {
    preview: (workflowId, document, options, clientGone) =>
      latest(`${workflowId}:${options.estimate ? 'estimate' : 'exact'}`, clientGone, (signal) => ask<PreviewResult>({ op: 'preview', workflowId, document, options }, signal)),
    rows: (workflowId, document, nodeId, options, clientGone) =>
      latest(`${workflowId}:rows`, clientGone, (signal) => ask<MemberRows>({ op: 'rows', workflowId, document, nodeId, options }, signal)),
    counts: () => ({ open: 0, running: asking, waiting: 0 }),
    nodeRows: (workflowId, document, nodeId, options) => ask<MemberRows>({ op: 'nodeRows', workflowId, document, nodeId, options }, never),
    values: (workflowId, document, nodeId, column, options, clientGone) =>
      latest(`${workflowId}:values:${nodeId}:${column}`, clientGone, (signal) => ask<ColumnValues | null>({ op: 'values', workflowId, document, nodeId, column, options }, signal)),
    ruleCounts: (workflowId, document, nodeId, options, clientGone) =>
      latest(`${workflowId}:rule-counts:${nodeId}`, clientGone, (signal) => ask<RuleCounts | null>({ op: 'ruleCounts', workflowId, document, nodeId, options }, signal)),
    breakdown: (workflowId, document, nodeId, column, options, clientGone) =>
      latest(`${workflowId}:breakdown:${nodeId}:${column}`, clientGone, (signal) => ask<Breakdown>({ op: 'breakdown', workflowId, document, nodeId, column, options }, signal)),
    overlap: (workflowId, document, nodeIds, options, clientGone) =>
      latest(`${workflowId}:overlap`, clientGone, (signal) => ask<OverlapView>({ op: 'overlap', workflowId, document, nodeIds, options }, signal)),
    // Workers' caches are their own (a temporary folder each): a deleted workflow's go when they stop.
    forget: async (workflowId) => abortAll(`${workflowId}:`),
    async close() {
      abortAll('');
      await Promise.allSettled([publisher.then((c) => c.quit()), events.close(), queue.close()]);
    },
  };
}
