import { Router } from 'express';
import type { AppContext } from '../context.ts';
import { idParams, parseWith } from '../http/parse.ts';
import { outputsOf } from '../services/alerts/evaluate-run.ts';
import type { Operations } from '../services/schedules/operations.ts';
import { workflowOr404 } from './lookups.ts';
import { durationOf, labelsOf } from './run-compare.routes.ts';
import { runSummary, segmentChanges } from './run-view.ts';
import { membershipHistory } from '../services/membership-history.ts';
import { historyQuery, memberParams, type ResponseOf } from '@segflow/contract';

/**
 * A workflow's runs as a series, oldest first: each run's version, trigger,
 * mode, duration, status and segment sizes, and each output's expected range
 * (from the latest published version, else the draft) to draw as a band.
 */
export function historyRoutes(ctx: AppContext, ops: Operations): Router {
  const router = Router();

  router.get('/workflows/:id/history', (req, res) => {
    const { id } = parseWith(idParams, req.params, 'params');
    const { limit } = parseWith(historyQuery, req.query, 'query');
    const workflow = workflowOr404(ctx, id);
    const current = workflow.publishedVersion === null ? workflow.document : (ctx.versions.get(id, workflow.publishedVersion)?.document ?? workflow.document);
    const runs = ctx.runs.listByWorkflow(id, limit).reverse();
    const triggers = ops.schedules.triggersOf(id);
    const alerts = ops.alertStore.countsByRun(id);
    const settings = ops.alerts.settings(id);
    const labels = labelsOf(current);

    const outputs = outputsOf(current).map((o) => {
      // An output without a label of its own is known by its segment.
      const label = labels.get(o.nodeId)?.label;
      return { nodeId: o.nodeId, segment: o.segment, label: label && label !== o.nodeId ? label : o.segment, expect: o.expect ?? null, maxChangePct: settings.outputs[o.segment]?.maxChangePct ?? null };
    });
    // Segments earlier versions made and the current one does not: still part of the history.
    for (const run of runs)
      for (const segment of Object.keys(run.state.segments))
        if (!outputs.some((o) => o.segment === segment)) outputs.push({ nodeId: '', segment, label: segment, expect: null, maxChangePct: null });

    res.json({
      workflowId: id,
      publishedVersion: workflow.publishedVersion,
      outputs,
      runs: runs.map((run) => ({
        ...runSummary(run),
        trigger: triggers.get(run.id)?.trigger ?? 'manual',
        scheduleId: triggers.get(run.id)?.scheduleId ?? null,
        ms: durationOf(run),
        // The range each run was held to, which may differ from today's.
        expect: Object.fromEntries(outputsOf(run.document).flatMap((o) => (o.expect ? [[o.segment, o.expect]] : []))),
        alerts: alerts.get(run.id) ?? 0,
        // Published runs: who entered and left each segment since the last delivered run, and how many a suppression list held back.
        changes: segmentChanges(run),
      })),
    } satisfies ResponseOf<'GET /api/workflows/:id/history', 200>);
  });

  router.get('/workflows/:id/members/:key', async (req, res) => {
    const { id, key } = parseWith(memberParams, req.params, 'params');
    workflowOr404(ctx, id);
    const segments = await membershipHistory(ctx.duckdb, ctx.paths.root, id, ctx.runs.listByWorkflow(id, 500), key);
    res.json({ workflowId: id, key, segments } satisfies ResponseOf<'GET /api/workflows/:id/members/:key', 200>);
  });

  return router;
}
