import { join } from 'node:path';
import { Router } from 'express';
import { hasErrors } from '@segflow/engine';
import type { AppContext } from '../context.ts';
import { documentRefused } from '../http/errors.ts';
import { idParams, parseWith } from '../http/parse.ts';
import { dryRunBody, type ResponseOf } from '@segflow/contract';
import { dryRun } from '../services/dry-run.ts';
import { suppressionLists } from '../services/suppression-lists.ts';
import { snapshotDir } from '../store/deliveries.store.ts';
import { versionOr404, workflowOr404 } from './lookups.ts';

/**
 * POST /api/workflows/:id/dry-run: what the next delivery of the draft (or a
 * version) would send, sending nothing: per segment the entered, exited and
 * unchanged counts against what its destination last received, a few keys of
 * each, suppressed keys, and the size against the expected range.
 */
export function dryRunRoutes(ctx: AppContext): Router {
  const router = Router();
  router.post('/workflows/:id/dry-run', async (req, res) => {
    const { id } = parseWith(idParams, req.params, 'params');
    const body = parseWith(dryRunBody, req.body ?? {}, 'body');
    const workflow = workflowOr404(ctx, id);
    const document = body.version === undefined ? workflow.document : versionOr404(ctx, id, body.version).document;
    const check = await ctx.check(document);
    if (!check.ok) throw documentRefused(check.problems, 'The workflow has problems: fix them before a dry run.');
    const result = await dryRun(
      {
        paths: ctx.paths,
        addressAllowList: ctx.config.webhookAllowList,
        lastDelivered: ctx.runService.lastDelivered,
        snapshotFile: (workflowId, runId, nodeId) => join(snapshotDir(ctx.paths.root, workflowId, runId), `${nodeId}.parquet`),
        suppression: () => suppressionLists(ctx.suppression.list(), ctx.paths.datasets),
      },
      id, document, body.asOf,
    );
    if (hasErrors(result.problems)) throw documentRefused(result.problems, 'The workflow has problems: fix them before a dry run.');
    res.json({ workflowId: id, version: body.version ?? null, segments: result.segments } satisfies ResponseOf<'POST /api/workflows/:id/dry-run', 200>);
  });
  return router;
}
