import type { AppConfig } from '../config.ts';
import type { FirstAccess } from './auth-service.ts';

/**
 * The account settings of `pnpm serve`:
 * SEGFLOW_ADMIN_EMAIL + SEGFLOW_ADMIN_PASSWORD (the first admin),
 * SEGFLOW_TRUST_PROXY (express's `trust proxy`: `true`, a hop count, or addresses),
 * SEGFLOW_PUBLIC_ORIGIN (the origin people reach Segflow at, when not localhost),
 * SEGFLOW_ALLOWED_ORIGINS (comma-separated origins besides the server's own).
 */
export function accessFromEnv(env: NodeJS.ProcessEnv = process.env): Pick<AppConfig, 'admin' | 'trustProxy' | 'publicOrigin' | 'allowedOrigins'> {
  const email = env.SEGFLOW_ADMIN_EMAIL?.trim();
  const password = env.SEGFLOW_ADMIN_PASSWORD;
  if (!email !== !password) throw new Error('set both SEGFLOW_ADMIN_EMAIL and SEGFLOW_ADMIN_PASSWORD, or neither');
  const proxy = env.SEGFLOW_TRUST_PROXY?.trim();
  const trustProxy = !proxy || proxy === 'false' ? false : proxy === 'true' ? true : /^\d+$/.test(proxy) ? Number(proxy) : proxy;
  const allowedOrigins = (env.SEGFLOW_ALLOWED_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean);
  const publicOrigin = env.SEGFLOW_PUBLIC_ORIGIN?.trim() || null;
  return { admin: email && password ? { email, password } : undefined, trustProxy, publicOrigin, allowedOrigins };
}

/** What the start banner says about signing in. */
export function signInHint(access: FirstAccess, baseUrl: string): string {
  switch (access.kind) {
    case 'admin-created':
      return `Sign in as ${access.email} with the password in SEGFLOW_ADMIN_PASSWORD.\n`;
    case 'setup':
      return [
        'No account yet. Create the admin account at this one-time link:',
        `  ${baseUrl}/setup?token=${access.token}`,
        'or start with SEGFLOW_ADMIN_EMAIL and SEGFLOW_ADMIN_PASSWORD set, or run: pnpm segflow users add EMAIL --role admin',
        '',
      ].join('\n');
    case 'accounts':
      return 'Sign in with your account (pnpm segflow users add EMAIL --role ROLE adds one from a shell).\n';
  }
}
