import { Router } from 'express';
import type { AppContext } from '../context.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { parseWith } from '../http/parse.ts';
import { actorOf, signedIn } from '../auth/guard.ts';
import { markSuppressionBody as markBody, suppressionParams as nameParams, type ResponseOf } from '@segflow/contract';

/**
 * Suppression lists: an admin marks a dataset as one (naming its key column,
 * and optionally a reason and an expiry date column) or unmarks it; every
 * change is audited. Published runs leave the listed keys out of every output.
 */
export function suppressionRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/suppression-lists', (_req, res) => {
    res.json({ lists: ctx.suppression.list() } satisfies ResponseOf<'GET /api/suppression-lists', 200>);
  });

  router.put('/suppression-lists/:name', async (req, res) => {
    const principal = signedIn(req);
    const { name } = parseWith(nameParams, req.params, 'params');
    const body = parseWith(markBody, req.body ?? {}, 'body');
    const info = await ctx.datasets.info(name);
    if (!info) throw notFound(`Dataset ${name}`);
    for (const [what, col] of [['key', body.key], ['reason', body.reason], ['expiry', body.expires]] as const)
      if (col && !info.columns.some((c) => c.name === col)) throw new HttpError(400, 'invalid_request', `${name} has no column "${col}" for the ${what}.`);
    const expires = body.expires ? info.columns.find((c) => c.name === body.expires) : undefined;
    if (expires && expires.type !== 'date' && expires.type !== 'timestamp' && expires.type !== 'string')
      throw new HttpError(400, 'invalid_request', `The expiry column "${expires.name}" must hold dates.`);
    const list = ctx.suppression.mark({ dataset: name, ...body }, principal.user.id);
    ctx.auth.audit.record({ actor: actorOf(principal), action: 'suppression.mark', target: name });
    res.json(list satisfies ResponseOf<'PUT /api/suppression-lists/:name', 200>);
  });

  router.delete('/suppression-lists/:name', (req, res) => {
    const principal = signedIn(req);
    const { name } = parseWith(nameParams, req.params, 'params');
    if (!ctx.suppression.unmark(name)) throw notFound(`The suppression list ${name}`);
    ctx.auth.audit.record({ actor: actorOf(principal), action: 'suppression.unmark', target: name });
    res.status(204).end();
  });

  return router;
}
