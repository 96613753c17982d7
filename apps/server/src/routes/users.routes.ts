import { Router } from 'express';
import type { AppContext } from '../context.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { idParams, parseWith } from '../http/parse.ts';
import { actorOf, signedIn, viaOf } from '../auth/guard.ts';
import { changeUserBody, newUserBody, type ResponseOf } from '@segflow/contract';

const lastAdmin = () => new HttpError(409, 'last_admin');
const emailTaken = (email: string) => new HttpError(409, 'already_exists', `There is an account for ${email} already.`);

/** Accounts, for admins. Passwords go in and never come out; every change is in the audit log. */
export function userRoutes(ctx: AppContext): Router {
  const router = Router();
  const { auth } = ctx;

  router.get('/users', (_req, res) => {
    res.json({ users: auth.users.list() } satisfies ResponseOf<'GET /api/users', 200>);
  });

  router.post('/users', async (req, res) => {
    const principal = signedIn(req);
    const body = parseWith(newUserBody, req.body ?? {}, 'body');
    if (auth.users.byEmail(body.email)) throw emailTaken(body.email);
    const user = auth.users.create({ email: body.email, role: body.role, passwordHash: await auth.hashPassword(body.password) });
    if (!user) throw emailTaken(body.email);
    auth.audit.record({ actor: actorOf(principal), action: 'user.create', target: user.id, details: { email: user.email, role: user.role, ...viaOf(principal) } });
    res.status(201).location(`/api/users/${user.id}`).json(user);
  });

  router.patch('/users/:id', async (req, res) => {
    const principal = signedIn(req);
    const { id } = parseWith(idParams, req.params, 'params');
    const body = parseWith(changeUserBody, req.body ?? {}, 'body');
    const passwordHash = body.password === undefined ? undefined : await auth.hashPassword(body.password);
    const result = auth.users.update(id, { email: body.email, role: body.role, passwordHash });
    if (!result.ok) {
      if (result.reason === 'not_found') throw notFound(`User ${id}`);
      throw result.reason === 'last_admin' ? lastAdmin() : emailTaken(body.email!);
    }
    const { user, before } = result;
    const actor = actorOf(principal);
    if (before.role !== user.role)
      auth.audit.record({ actor, action: 'user.role', target: id, details: { email: user.email, from: before.role, to: user.role, ...viaOf(principal) } });
    if (before.email !== user.email) auth.audit.record({ actor, action: 'user.email', target: id, details: { from: before.email, to: user.email, ...viaOf(principal) } });
    if (passwordHash) {
      // An admin resets a password when the old one may be known to someone else: every
      // credential made with it goes, the user's sessions and API tokens alike. Only the
      // session making the reset stays (an admin resetting their own password stays in);
      // a token used to reset its own owner's password is revoked with the rest.
      auth.sessions.revokeAllOf(id, principal.sessionHash);
      const tokensRevoked = auth.tokens.revokeAllOf(id);
      auth.audit.record({ actor, action: 'user.password', target: id, details: { email: user.email, tokensRevoked, ...viaOf(principal) } });
    }
    res.json(user satisfies ResponseOf<'PATCH /api/users/:id', 200>);
  });

  router.delete('/users/:id', (req, res) => {
    const principal = signedIn(req);
    const { id } = parseWith(idParams, req.params, 'params');
    const result = auth.users.remove(id);
    if (!result.ok) throw result.reason === 'not_found' ? notFound(`User ${id}`) : lastAdmin();
    auth.audit.record({ actor: actorOf(principal), action: 'user.delete', target: id, details: { email: result.user.email, role: result.user.role, ...viaOf(principal) } });
    res.status(204).end();
  });

  return router;
}
