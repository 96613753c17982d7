import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../context.ts';
import { HttpError } from '../http/errors.ts';
import { parseWith } from '../http/parse.ts';
import type { Principal } from '../auth/auth-service.ts';
import { actorOf, signedIn } from '../auth/guard.ts';
import { permissionsOf } from '../auth/policy.ts';
import { clearSessionCookie, setSessionCookie } from '../auth/session-cookie.ts';
import { signInLimiter } from '../auth/sign-in-limiter.ts';
import type { User } from '../store/users.store.ts';
import { loginBody, passwordBody, setupBody, type ResponseOf } from '@segflow/contract';

// Sign-in checks the password it is given, not the rules for new ones: a rule tightened later must not lock anyone out.

/** What the web app needs to know about who is signed in. */
export const whoAmI = (user: User, via: Principal['via']): ResponseOf<'GET /api/auth/me', 200> => ({
  user: { id: user.id, email: user.email, role: user.role },
  via,
  permissions: permissionsOf(user.role),
});

export function authRoutes(ctx: AppContext): Router {
  const router = Router();
  const { auth } = ctx;
  const limited = signInLimiter(ctx.config.signInLimit);

  const signedInAs = (req: Request, res: Response, user: User, secret: string, status = 200) => {
    setSessionCookie(req, res, secret);
    res.status(status).json(whoAmI(user, 'session'));
  };

  router.post('/auth/login', limited, async (req, res) => {
    const { email, password } = parseWith(loginBody, req.body ?? {}, 'body');
    const result = await auth.signIn(email.toLowerCase(), password);
    if (!result) throw new HttpError(401, 'invalid_credentials');
    signedInAs(req, res, result.user, result.secret);
  });

  router.post('/auth/logout', (req, res) => {
    const principal = signedIn(req);
    if (principal.sessionHash) auth.sessions.revoke(principal.sessionHash);
    clearSessionCookie(req, res);
    res.status(204).end();
  });

  router.get('/auth/me', (req, res) => {
    const { user, via } = signedIn(req);
    res.json(whoAmI(user, via));
  });

  // Ends the user's other sessions: whoever knew the old password is signed out.
  router.put('/auth/password', limited, async (req, res) => {
    const principal = signedIn(req);
    const { currentPassword, newPassword } = parseWith(passwordBody, req.body ?? {}, 'body');
    if (!(await auth.checkPassword(principal.user.id, currentPassword)))
      throw new HttpError(401, 'invalid_credentials', 'The current password is wrong.');
    auth.users.update(principal.user.id, { passwordHash: await auth.hashPassword(newPassword) });
    auth.sessions.revokeAllOf(principal.user.id, principal.sessionHash);
    auth.audit.record({ actor: actorOf(principal), action: 'user.password', target: principal.user.id, details: { email: principal.user.email } });
    res.status(204).end();
  });

  router.get('/auth/setup', (_req, res) => {
    res.json({ needed: auth.setupNeeded() } satisfies ResponseOf<'GET /api/auth/setup', 200>);
  });

  router.post('/auth/setup', limited, async (req, res) => {
    if (!auth.setupNeeded()) throw new HttpError(409, 'setup_done');
    const { token, email, password } = parseWith(setupBody, req.body ?? {}, 'body');
    const result = await auth.setup(token, email, password);
    if (result === 'done') throw new HttpError(409, 'setup_done');
    if (result === 'bad_token') throw new HttpError(403, 'forbidden', 'The setup token is not valid: open the link the server printed when it started.');
    signedInAs(req, res, result.user, result.secret, 201);
  });

  return router;
}
