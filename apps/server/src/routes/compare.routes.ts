import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { documentRefused } from '../http/errors.ts';
import { idSchema, parseWith } from '../http/parse.ts';
import { compareModes } from '../services/compare.ts';
import { workflowOr404 } from './lookups.ts';
import { compareModesBody, type ResponseOf } from '@segflow/contract';

export function compareRoutes(ctx: AppContext): Router {
  const router = Router();
  // One comparison at a time: timed runs competing for the cores would measure nothing. Later ones wait their turn.
  let turn: Promise<unknown> = Promise.resolve();

  router.post('/workflows/:id/compare', async (req, res) => {
    const { id } = parseWith(z.object({ id: idSchema }), req.params, 'params');
    const body = parseWith(compareModesBody, req.body ?? {}, 'body');
    const document = body.document ?? workflowOr404(ctx, id).document;
    if (body.document) workflowOr404(ctx, id);
    const check = await ctx.check(document);
    if (!check.ok || !check.workflow) throw documentRefused(check.problems, 'The workflow has problems: fix them before comparing modes.');
    const workflow = check.workflow;
    const mine = turn.then(() => compareModes(workflow, { sample: body.sample, partitions: body.partitions, asOf: body.asOf, datasets: ctx.paths.datasets, open: () => ctx.duckdb.attach() }));
    turn = mine.catch(() => undefined);
    res.json((await mine) satisfies ResponseOf<'POST /api/workflows/:id/compare', 200>);
  });

  return router;
}
