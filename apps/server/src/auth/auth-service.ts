import type { Logger } from 'pino';
import type { Sqlite } from '../store/database.ts';
import { auditStore } from '../store/audit.store.ts';
import { changeCounter } from '../store/change-counter.ts';
import { SESSION_IDLE_MS, SESSION_MAX_MS, sessionStore, type Session } from '../store/sessions.store.ts';
import { principalCache } from './principal-cache.ts';
import { tokenStore } from '../store/tokens.store.ts';
import { userStore, type User } from '../store/users.store.ts';
import { newUserSchema } from './account-schema.ts';
import { hashPassword, hashPasswordSync, verifyNothing, verifyPassword } from './passwords.ts';
import { hashSecret, newSecret } from './secrets.ts';

/** Who a request acts as, and through what. */
export interface Principal {
  user: User;
  via: 'session' | 'token';
  /** The session's hash, to end it at sign-out. */
  sessionHash?: string;
  tokenId?: string;
}

/** When a session ends if unused from now on: idle since it was last seen, or at its maximum age. */
const sessionEnd = (session: Session) => Math.min(Date.parse(session.lastSeenAt) + SESSION_IDLE_MS, Date.parse(session.createdAt) + SESSION_MAX_MS);

/** How the first person gets in, for the start banner: the admin from the environment, or a setup link. */
export type FirstAccess = { kind: 'admin-created'; email: string } | { kind: 'setup'; token: string } | { kind: 'accounts' };

/** Accounts, sessions, tokens and the audit log over one SQLite file. */
export function authService(db: Sqlite, logger: Logger) {
  const users = userStore(db);
  const sessions = sessionStore(db);
  const tokens = tokenStore(db);
  const audit = auditStore(db);
  // Any write to the file (a revocation, a role change) makes every remembered credential be read again.
  const trusted = principalCache<Principal>(changeCounter(db));
  let setupToken: string | null = null;

  function startSession(userId: string): string {
    const secret = newSecret('sfs');
    sessions.create(hashSecret(secret), userId);
    return secret;
  }

  return {
    users, sessions, tokens, audit, hashPassword, startSession,

    /**
     * On start: the admin from SEGFLOW_ADMIN_EMAIL/PASSWORD when there is no
     * account yet; otherwise, with no account, a one-time setup token (kept in
     * memory: a restart makes a new one).
     */
    firstAccess(admin: { email: string; password: string } | undefined): FirstAccess {
      sessions.removeStale();
      if (users.count() > 0) return { kind: 'accounts' };
      if (admin) {
        const parsed = newUserSchema.safeParse({ ...admin, role: 'admin' });
        if (!parsed.success) throw new Error(`SEGFLOW_ADMIN_EMAIL/SEGFLOW_ADMIN_PASSWORD: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
        const user = users.createFirst({ email: parsed.data.email, passwordHash: hashPasswordSync(parsed.data.password), role: 'admin' })!;
        audit.record({ actor: null, action: 'user.create', target: user.id, details: { email: user.email, role: user.role, by: 'environment' } });
        logger.info({ email: user.email }, 'created the admin account from the environment');
        return { kind: 'admin-created', email: user.email };
      }
      setupToken = newSecret('setup');
      return { kind: 'setup', token: setupToken };
    },

    /** Whether the one-time setup can still happen. */
    setupNeeded: () => users.count() === 0,

    /** The first admin, through the setup link; undefined when the token is wrong or someone was first. */
    async setup(token: string, email: string, password: string): Promise<{ user: User; secret: string } | 'bad_token' | 'done'> {
      if (users.count() > 0) return 'done';
      if (!setupToken || hashSecret(token) !== hashSecret(setupToken)) return 'bad_token';
      const user = users.createFirst({ email, passwordHash: await hashPassword(password), role: 'admin' });
      if (!user) return 'done';
      setupToken = null;
      audit.record({ actor: null, action: 'user.create', target: user.id, details: { email: user.email, role: user.role, by: 'setup' } });
      return { user, secret: startSession(user.id) };
    },

    /** The user and a new session's secret, or undefined: the same answer, in the same time, for a wrong email as for a wrong password. */
    async signIn(email: string, password: string): Promise<{ user: User; secret: string } | undefined> {
      const found = users.credentials(email);
      const ok = found ? await verifyPassword(password, found.passwordHash) : await verifyNothing(password);
      if (!found || !ok) return undefined;
      return { user: found.user, secret: startSession(found.user.id) };
    },

    async checkPassword(userId: string, password: string): Promise<boolean> {
      const stored = users.passwordHash(userId);
      return stored ? verifyPassword(password, stored) : verifyNothing(password);
    },

    /**
     * Who the credentials name: a Bearer token wins over the cookie. `invalid` for
     * a token that names no live token, so a script with a revoked one hears so.
     */
    principalOf(authorization: string | undefined, sessionSecret: string | undefined): Principal | 'invalid' | undefined {
      if (authorization !== undefined) {
        const secret = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
        if (!secret) return 'invalid';
        const hash = hashSecret(secret);
        return trusted.get(`token:${hash}`, () => {
          const token = tokens.find(hash);
          const user = token ? users.get(token.userId) : undefined;
          if (!user || !token) return undefined;
          return { principal: { user, via: 'token', tokenId: token.id }, expiresAt: token.expiresAt ? Date.parse(token.expiresAt) : undefined };
        }) ?? 'invalid';
      }
      if (!sessionSecret) return undefined;
      const sessionHash = hashSecret(sessionSecret);
      return trusted.get(`session:${sessionHash}`, () => {
        const session = sessions.find(sessionHash);
        const user = session ? users.get(session.userId) : undefined;
        if (!user || !session) return undefined;
        return { principal: { user, via: 'session', sessionHash }, expiresAt: sessionEnd(session) };
      });
    },

    /** A personal API token: the secret is returned here once and only its hash is kept. */
    createToken(userId: string, name: string, expiresAt: string | null) {
      const secret = newSecret('sft');
      const token = tokens.create({ userId, name, secretHash: hashSecret(secret), hint: secret.slice(-4), expiresAt });
      return { token, secret };
    },
  };
}

export type AuthService = ReturnType<typeof authService>;
