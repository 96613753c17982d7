import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { MemberRows } from '@segflow/engine/node';
import type { AppContext } from '../context.ts';
import { notFound } from '../http/errors.ts';
import { idSchema, parseWith } from '../http/parse.ts';
import { workflowOr404 } from './lookups.ts';
import { nodeParams, previewBody, rowsBody, ruleCountsBody, valuesBody, type ResponseOf } from '@segflow/contract';

/** Aborts when the client hangs up before the answer is sent. */
export function clientGone(req: Request, res: Response): AbortSignal {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  req.on('aborted', () => controller.abort());
  return controller.signal;
}

/**
 * DuckDB hands BIGINTs over as strings; the columns say `integer`, so send
 * numbers where they are exact.
 */
function withNumbers(result: MemberRows): MemberRows {
  const integers = result.columns.filter((c) => c.type === 'integer').map((c) => c.name);
  if (!integers.length) return result;
  const rows = result.rows.map((row) => {
    const copy = { ...row };
    for (const name of integers) {
      const value = copy[name];
      if (typeof value === 'string' && Number.isSafeInteger(Number(value))) copy[name] = Number(value);
    }
    return copy;
  });
  return { ...result, rows };
}

export const hasNode = (document: unknown, nodeId: string) =>
  ((document as { nodes?: { id?: unknown }[] })?.nodes ?? []).some((n) => n?.id === nodeId);

export function previewRoutes(ctx: AppContext): Router {
  const router = Router();

  // Problems come back as values with 200: a draft being edited is expected to have some.
  router.post('/workflows/:id/preview', async (req, res) => {
    const { id } = parseWith(z.object({ id: idSchema }), req.params, 'params');
    const body = parseWith(previewBody, req.body ?? {}, 'body');
    const document = body.document ?? workflowOr404(ctx, id).document;
    if (body.document) workflowOr404(ctx, id);
    const result = await ctx.previews.preview(id, document, { asOf: body.asOf, estimate: body.estimate }, clientGone(req, res));
    const counts = Object.fromEntries(Object.entries(result.counts).map(([node, c]) => [node, { ...c, kind: c.exact ? ('exact' as const) : ('estimate' as const) }]));
    res.json({ ...result, counts } satisfies ResponseOf<'POST /api/workflows/:id/preview', 200>);
  });

  router.post('/workflows/:id/preview/:nodeId/rows', async (req, res) => {
    const { id, nodeId } = parseWith(nodeParams, req.params, 'params');
    const body = parseWith(rowsBody, req.body ?? {}, 'body');
    const document = body.document ?? workflowOr404(ctx, id).document;
    if (body.document) workflowOr404(ctx, id);
    if (!hasNode(document, nodeId)) throw notFound(`Node ${nodeId}`);
    res.json(withNumbers(await ctx.previews.rows(id, document, nodeId, { asOf: body.asOf, limit: body.limit }, clientGone(req, res))) satisfies ResponseOf<'POST /api/workflows/:id/preview/:nodeId/rows', 200>);
  });

  // The most frequent values of a column at a node (and min/median/max for numbers): value suggestions.
  router.post('/workflows/:id/preview/:nodeId/values', async (req, res) => {
    const { id, nodeId } = parseWith(nodeParams, req.params, 'params');
    const body = parseWith(valuesBody, req.body ?? {}, 'body');
    const document = body.document ?? workflowOr404(ctx, id).document;
    if (body.document) workflowOr404(ctx, id);
    if (!hasNode(document, nodeId)) throw notFound(`Node ${nodeId}`);
    const values = await ctx.previews.values(id, document, nodeId, body.column, { asOf: body.asOf }, clientGone(req, res));
    if (!values) throw notFound(`Column ${body.column} at this step`);
    res.json(values satisfies ResponseOf<'POST /api/workflows/:id/preview/:nodeId/values', 200>);
  });

  // Beside each top-level rule of a filter: customers passing it alone, and remaining after it.
  router.post('/workflows/:id/preview/:nodeId/rule-counts', async (req, res) => {
    const { id, nodeId } = parseWith(nodeParams, req.params, 'params');
    const body = parseWith(ruleCountsBody, req.body ?? {}, 'body');
    const document = body.document ?? workflowOr404(ctx, id).document;
    if (body.document) workflowOr404(ctx, id);
    if (!hasNode(document, nodeId)) throw notFound(`Node ${nodeId}`);
    const counts = await ctx.previews.ruleCounts(id, document, nodeId, { asOf: body.asOf }, clientGone(req, res));
    if (!counts) throw notFound(`A filter with rules at ${nodeId}`);
    res.json(counts satisfies ResponseOf<'POST /api/workflows/:id/preview/:nodeId/rule-counts', 200>);
  });

  return router;
}
