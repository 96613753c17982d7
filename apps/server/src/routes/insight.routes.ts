import { Router } from 'express';
import { breakdownBody, idParams, nodeParams, overlapBody, type ResponseOf } from '@segflow/contract';
import type { AppContext } from '../context.ts';
import { notFound } from '../http/errors.ts';
import { parseWith } from '../http/parse.ts';
import { workflowOr404 } from './lookups.ts';
import { clientGone, hasNode } from './preview.routes.ts';

/** Insight on the draft's steps (or unsaved edits): what a step's customers look like, how steps overlap. */
export function insightRoutes(ctx: AppContext): Router {
  const router = Router();
  const insight = ctx.previews;

  router.post('/workflows/:id/preview/overlap', async (req, res) => {
    const { id } = parseWith(idParams, req.params, 'params');
    const body = parseWith(overlapBody, req.body ?? {}, 'body');
    const document = body.document ?? workflowOr404(ctx, id).document;
    if (body.document) workflowOr404(ctx, id);
    const missing = body.nodes.find((nodeId) => !hasNode(document, nodeId));
    if (missing) throw notFound(`Node ${missing}`);
    res.json((await insight.overlap(id, document, body.nodes, { asOf: body.asOf }, clientGone(req, res))) satisfies ResponseOf<'POST /api/workflows/:id/preview/overlap', 200>);
  });

  router.post('/workflows/:id/preview/:nodeId/breakdown', async (req, res) => {
    const { id, nodeId } = parseWith(nodeParams, req.params, 'params');
    const body = parseWith(breakdownBody, req.body ?? {}, 'body');
    const document = body.document ?? workflowOr404(ctx, id).document;
    if (body.document) workflowOr404(ctx, id);
    if (!hasNode(document, nodeId)) throw notFound(`Node ${nodeId}`);
    const result = await insight.breakdown(id, document, nodeId, body.column, { asOf: body.asOf }, clientGone(req, res));
    res.json(result satisfies ResponseOf<'POST /api/workflows/:id/preview/:nodeId/breakdown', 200>);
  });

  return router;
}


