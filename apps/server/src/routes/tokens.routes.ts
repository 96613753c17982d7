import { Router } from 'express';
import type { AppContext } from '../context.ts';
import { notFound } from '../http/errors.ts';
import { idParams, parseWith } from '../http/parse.ts';
import { actorOf, signedIn } from '../auth/guard.ts';
import { newTokenBody, type ResponseOf } from '@segflow/contract';

/** Personal API tokens: each acts as its owner, with the owner's role at the time of each request. */
export function tokenRoutes(ctx: AppContext): Router {
  const router = Router();
  const { auth } = ctx;

  router.get('/tokens', (req, res) => {
    res.json({ tokens: auth.tokens.ofUser(signedIn(req).user.id) } satisfies ResponseOf<'GET /api/tokens', 200>);
  });

  // The secret is in this answer and nowhere else, ever.
  router.post('/tokens', (req, res) => {
    const principal = signedIn(req);
    const { name, expiresInDays } = parseWith(newTokenBody, req.body ?? {}, 'body');
    const expiresAt = expiresInDays ? new Date(Date.now() + expiresInDays * 24 * 3600_000).toISOString() : null;
    const { token, secret } = auth.createToken(principal.user.id, name, expiresAt);
    auth.audit.record({ actor: actorOf(principal), action: 'token.create', target: token.id, details: { name } });
    res.status(201).location(`/api/tokens/${token.id}`).json({ token, secret } satisfies ResponseOf<'POST /api/tokens', 201>);
  });

  // Your own tokens; an admin may revoke anyone's. Someone else's token is a 404, not a 403: its id tells nothing.
  router.delete('/tokens/:id', (req, res) => {
    const principal = signedIn(req);
    const { id } = parseWith(idParams, req.params, 'params');
    const token = auth.tokens.get(id);
    if (!token || (token.userId !== principal.user.id && principal.user.role !== 'admin')) throw notFound(`Token ${id}`);
    auth.tokens.revoke(id);
    auth.audit.record({ actor: actorOf(principal), action: 'token.revoke', target: id, details: { name: token.name, owner: token.userId } });
    res.status(204).end();
  });

  return router;
}
