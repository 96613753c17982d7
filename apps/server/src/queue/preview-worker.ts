import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker, type ConnectionOptions } from 'bullmq';
import type { Logger } from 'pino';
import type { AddressAllowList, CredentialResolver } from '@segflow/engine';
import { HttpError } from '../http/errors.ts';
import type { DataPaths } from '../services/data-paths.ts';
import { sharedDuckDb } from '../services/duckdb.ts';
import { budgetFromEnv, resolveBudget } from '../services/memory/budget.ts';
import { isBusy } from '../services/memory/busy.ts';
import { previewService, type PreviewService } from '../services/preview-service.ts';
import type { PreviewAnswer, PreviewJob } from './preview-job.ts';
import { PREVIEW_CANCELS_CHANNEL, PREVIEW_QUEUE, type PubSubClient } from './redis-connection.ts';

export interface PreviewWorkerSettings {
  connection: ConnectionOptions;
  paths: DataPaths;
  logger: Logger;
  addressAllowList?: AddressAllowList;
  /** What stored connection names stand for: previews of warehouse tables count there. */
  credentials?: CredentialResolver;
  /** A connection for the cancels of replaced previews. */
  subscriber: PubSubClient;
}

function compute(previews: PreviewService, job: PreviewJob, signal: AbortSignal): Promise<unknown> {
  switch (job.op) {
    case 'preview': return previews.preview(job.workflowId, job.document, job.options, signal);
    case 'rows': return previews.rows(job.workflowId, job.document, job.nodeId, job.options, signal);
    case 'nodeRows': return previews.nodeRows(job.workflowId, job.document, job.nodeId, job.options);
    case 'values': return previews.values(job.workflowId, job.document, job.nodeId, job.column, job.options, signal);
    case 'ruleCounts': return previews.ruleCounts(job.workflowId, job.document, job.nodeId, job.options, signal);
    case 'breakdown': return previews.breakdown(job.workflowId, job.document, job.nodeId, job.column, job.options, signal);
    case 'overlap': return previews.overlap(job.workflowId, job.document, job.nodeIds, job.options, signal);
  }
}

/** An answer the server turns back into the HTTP error it would have sent itself. */
function answerOf(e: unknown): PreviewAnswer {
  if (e instanceof HttpError) return { error: { status: e.status, code: e.code, message: e.message } };
  if (isBusy(e)) return { error: { status: 503, code: 'busy', message: (e as Error).message } };
  throw e;
}

/**
 * A worker's previews: the server's preview service over this worker's own DuckDB
 * (within SEGFLOW_MEMORY_LIMIT / SEGFLOW_THREADS) and a cache folder of its own,
 * since DuckDB lets one process open a file and the data folder is shared.
 */
export async function startPreviewWorker(s: PreviewWorkerSettings): Promise<{ close(): Promise<void> }> {
  const cache = mkdtempSync(join(tmpdir(), 'segflow-worker-cache-'));
  const budget = resolveBudget(budgetFromEnv());
  const duckdb = sharedDuckDb({ budget, spillDir: join(cache, 'spill') });
  const previews = previewService({ paths: { ...s.paths, cache }, logger: s.logger, duckdb, addressAllowList: s.addressAllowList, credentials: s.credentials });
  const running = new Map<string, AbortController>();
  const worker = new Worker<PreviewJob, PreviewAnswer>(PREVIEW_QUEUE, async (job) => {
    const controller = new AbortController();
    running.set(job.id!, controller);
    try {
      return { ok: await compute(previews, job.data, controller.signal) };
    } catch (e) {
      return answerOf(e);
    } finally {
      running.delete(job.id!);
    }
  }, { connection: s.connection, concurrency: budget.slots });
  worker.on('error', (err) => s.logger.warn({ err }, 'the preview worker cannot reach Redis'));
  s.subscriber.on('message', (channel, jobId) => channel === PREVIEW_CANCELS_CHANNEL && running.get(jobId)?.abort());
  await s.subscriber.subscribe(PREVIEW_CANCELS_CHANNEL);
  return {
    async close() {
      for (const controller of running.values()) controller.abort();
      await worker.close();
      await previews.close();
      await duckdb.close();
      rmSync(cache, { recursive: true, force: true });
    },
  };
}
