import { availableParallelism } from 'node:os';
import { createReadStream } from 'node:fs';
import { Router } from 'express';
import { z } from 'zod';
import { resolveRunSettings, todayUtc } from '@segflow/engine/node';
import type { AppContext } from '../context.ts';
import { documentRefused, HttpError, notFound } from '../http/errors.ts';
import { idParams, parseWith } from '../http/parse.ts';
import { segmentCsv } from '../services/segment-file.ts';
import { followRun } from '../sse/follow-run.ts';
import { openSse } from '../sse/sse-stream.ts';
import { isFinal, isRetryable } from '../store/runs.store.ts';
import { runOr404, versionOr404, workflowOr404 } from './lookups.ts';
import { runSummary, runView } from './run-view.ts';
import { runBody, runListQuery, runParams, segmentParams, type ResponseOf } from '@segflow/contract';

const cursor = z.coerce.number().int().min(0);

export function runRoutes(ctx: AppContext): Router {
  const router = Router();

  // The document is checked before a run is queued, so a broken one is a 422 now rather than a failed run later.
  router.post('/workflows/:id/runs', async (req, res) => {
    const { id } = parseWith(idParams, req.params, 'params');
    const body = parseWith(runBody, req.body ?? {}, 'body');
    const workflow = workflowOr404(ctx, id);
    const document = body.version === undefined ? workflow.document : versionOr404(ctx, id, body.version).document;
    const check = await ctx.check(document);
    if (!check.ok) throw documentRefused(check.problems, 'The workflow has problems: fix them before running it.');
    // The document's own as-of date (a report pinned to a day) unless the request names one; else today.
    const settings = resolveRunSettings(body, check.workflow?.run, { cores: availableParallelism(), asOf: todayUtc });
    const run = ctx.runService.start({ workflowId: id, version: body.version ?? null, ...settings, document });
    const queuePosition = ctx.runService.queuePosition(run.id);
    res.status(202).location(`/api/runs/${run.id}`).json({ runId: run.id, status: run.status, ...(queuePosition ? { queuePosition } : {}) } satisfies ResponseOf<'POST /api/workflows/:id/runs', 202>);
  });

  router.get('/workflows/:id/runs', (req, res) => {
    const { id } = parseWith(idParams, req.params, 'params');
    const { limit } = parseWith(runListQuery, req.query, 'query');
    workflowOr404(ctx, id);
    res.json({ runs: ctx.runs.listByWorkflow(id, limit).map(runSummary) } satisfies ResponseOf<'GET /api/workflows/:id/runs', 200>);
  });

  router.get('/runs/:runId', (req, res) => {
    const { runId } = parseWith(runParams, req.params, 'params');
    res.json(runView(ctx, runOr404(ctx, runId)) satisfies ResponseOf<'GET /api/runs/:runId', 200>);
  });

  router.post('/runs/:runId/cancel', (req, res) => {
    const { runId } = parseWith(runParams, req.params, 'params');
    runOr404(ctx, runId);
    const status = ctx.runService.cancel(runId);
    if (!status) throw new HttpError(409, 'finished', 'The run has finished already; there is nothing to cancel.');
    res.status(202).json({ runId, status } satisfies ResponseOf<'POST /api/runs/:runId/cancel', 202>);
  });

  // The same run again, from its stored state: finished nodes are reused, delivered batches skipped.
  router.post('/runs/:runId/retry', (req, res) => {
    const { runId } = parseWith(runParams, req.params, 'params');
    const run = runOr404(ctx, runId);
    if (run.prunedAt) throw new HttpError(410, 'pruned');
    if (!isRetryable(run) || !ctx.runService.retry(runId))
      throw new HttpError(409, 'not_retryable', `The run is ${run.status}: only a partial or failed run can be retried.`, { status: run.status });
    const queuePosition = ctx.runService.queuePosition(runId);
    res.status(202).location(`/api/runs/${runId}`).json({ runId, status: ctx.runs.get(runId)!.status, ...(queuePosition ? { queuePosition } : {}) });
  });

  router.get('/runs/:runId/events', (req, res) => {
    const { runId } = parseWith(runParams, req.params, 'params');
    const lastEventId = req.get('last-event-id');
    const after = parseWith(cursor, lastEventId ?? (req.query as { after?: unknown }).after ?? 0, lastEventId ? 'params' : 'query');
    const run = runOr404(ctx, runId);
    if (run.prunedAt) throw new HttpError(410, 'pruned');
    // 204 tells an EventSource the stream is over, so it stops reconnecting.
    if (isFinal(run.status) && after >= run.state.lastSeq) return void res.status(204).end();
    let unsubscribe: (() => void) | undefined;
    const stream = openSse(res, ctx.config.heartbeatMs, () => unsubscribe?.());
    const position = ctx.runService.queuePosition(runId);
    if (position) stream.comment(`queued, position ${position}`);
    unsubscribe = followRun({
      runId, after, hub: ctx.hub, stream,
      stored: (from) => ctx.runs.events(runId, from),
      finishedAt: () => {
        const now = ctx.runs.get(runId);
        // A run deleted with its workflow has nothing more to say.
        if (!now) return 0;
        return isFinal(now.status) ? now.state.lastSeq : undefined;
      },
    });
    if (stream.closed) unsubscribe();
  });

  router.get('/runs/:runId/segments/:file', async (req, res) => {
    const { runId, file } = parseWith(segmentParams, req.params, 'params');
    const run = runOr404(ctx, runId);
    if (run.prunedAt) throw new HttpError(410, 'pruned');
    const segment = file.slice(0, -'.csv'.length);
    const result = (ctx.runService.liveState(runId) ?? run.state).segments[segment];
    if (!result?.path) throw notFound(`Segment ${segment} of run ${runId}`);
    const csv = await segmentCsv(ctx, run, segment, result.path);
    if (!csv) throw notFound(`The file of segment ${segment}`);
    res.attachment(`${segment}.csv`).type('text/csv; charset=utf-8');
    const stream = createReadStream(csv.path);
    stream.on('error', (err) => res.destroy(err));
    res.on('close', csv.cleanup);
    stream.pipe(res);
  });

  return router;
}
