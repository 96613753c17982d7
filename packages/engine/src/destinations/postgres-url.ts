/**
 * What a PostgreSQL connection URL may say. Browser-safe (pure): the validator
 * checks documents with it, the server checks stored connections with it, and
 * the Node delivery builds its client only from what it returns.
 *
 * libpq-style parameters can read files on the server (`sslrootcert`, `sslkey`,
 * `passfile`, `service`…) or reach a unix socket (`host=/run/postgresql`), so
 * only a short list of harmless ones is accepted; everything else is refused.
 */
import { addressKind, hostAllowed, parseIp, refusedAddress, type AddressAllowList } from './address-policy.ts';

/** A stored connection's name, used in a document instead of a URL (`"connection": "crm_db"`). */
export const CONNECTION_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
export const isConnectionName = (text: string): boolean => CONNECTION_NAME.test(text);

const SAFE_PARAMS = ['sslmode', 'application_name', 'connect_timeout'] as const;
export const SSL_MODES = ['disable', 'require', 'verify-ca', 'verify-full'] as const;
const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;

/** Where and as whom to connect: everything the delivery hands the PostgreSQL client. */
export interface PostgresTarget {
  /** A host name or a literal address (without brackets). */
  host: string;
  port: number;
  user?: string;
  password?: string;
  database?: string;
  sslmode?: (typeof SSL_MODES)[number];
  applicationName?: string;
  connectTimeoutSeconds?: number;
}

const decode = (text: string) => {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
};

/**
 * Reads a `postgres://` URL into a target, or says in a sentence why it is refused.
 *
 * @example
 *   parsePostgresUrl('postgres://app@db.internal/crm?sslmode=require') // { target: { host: 'db.internal', port: 5432, … } }
 *   parsePostgresUrl('postgres://app@db/crm?sslrootcert=/etc/passwd') // { problem: 'The database connection may not set "sslrootcert" …' }
 */
export function parsePostgresUrl(text: string): { target: PostgresTarget; problem?: undefined } | { target?: undefined; problem: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: 'The database connection is neither a connection name nor a postgres:// URL.' };
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') return { problem: 'The database connection must be a postgres:// URL.' };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!host) return { problem: 'The database connection must name a host (local sockets are not allowed).' };
  if (!parseIp(host) && !HOST_NAME.test(host)) return { problem: 'The database connection must name one host by its name or address (local sockets and host lists are not allowed).' };
  const params = [...url.searchParams.keys()];
  const unsafe = params.find((p) => !(SAFE_PARAMS as readonly string[]).includes(p));
  if (unsafe) return { problem: `The database connection may not set "${unsafe}": only ${SAFE_PARAMS.join(', ')} are allowed.` };
  if (new Set(params).size !== params.length) return { problem: 'The database connection repeats a parameter.' };
  const sslmode = url.searchParams.get('sslmode') ?? undefined;
  if (sslmode !== undefined && !(SSL_MODES as readonly string[]).includes(sslmode)) return { problem: `The database connection's sslmode must be one of ${SSL_MODES.join(', ')}.` };
  const timeout = url.searchParams.get('connect_timeout') ?? undefined;
  if (timeout !== undefined && !/^\d{1,3}$/.test(timeout)) return { problem: 'The database connection\'s connect_timeout must be a number of seconds.' };
  const [user, password, database] = [url.username, url.password, url.pathname.replace(/^\//, '')].map((part) => (part ? decode(part) : undefined));
  if ([url.username, url.password, url.pathname.slice(1)].some((part, i) => part && [user, password, database][i] === undefined)) return { problem: 'The database connection URL is not correctly encoded.' };
  return {
    target: {
      host, port: url.port ? Number(url.port) : 5432, user, password, database,
      sslmode: sslmode as PostgresTarget['sslmode'],
      applicationName: url.searchParams.get('application_name') ?? undefined,
      connectTimeoutSeconds: timeout === undefined ? undefined : Math.max(1, Number(timeout)),
    },
  };
}

/**
 * Why `host` is refused before any lookup: a literal address (or `localhost`)
 * in a range `allow` does not permit. Host names are checked again, on every
 * address they resolve to, at connect time.
 */
export function literalHostRefusal(host: string, allow: AddressAllowList): { reason: string; kind: string } | undefined {
  const bare = host.replace(/^\[|\]$/g, '');
  const candidates = parseIp(bare) ? [bare] : isLocalhost(bare) ? ['127.0.0.1', '::1'] : [];
  if (candidates.length === 0 || hostAllowed(bare, allow)) return undefined;
  const reasons = candidates.map((a) => refusedAddress(a, bare, allow));
  if (reasons.some((r) => r === undefined)) return undefined;
  return { reason: reasons[0]!, kind: addressKind(candidates[0])! };
}

/** `localhost` and `*.localhost` always mean this machine (RFC 6761). */
const isLocalhost = (host: string) => /(^|\.)localhost\.?$/i.test(host);

/**
 * Validation-time check of a postgres destination's `connection`: a connection
 * name is resolved later (server: stored connections; CLI: SEGFLOW_CONNECTIONS),
 * a URL must pass `parsePostgresUrl` and must not point at a refused literal address.
 *
 * @example
 *   checkPostgresConnection('crm_db', {}) // undefined
 *   checkPostgresConnection('postgres://app@169.254.169.254/x', {}) // 'The database connection points at a link-local address …'
 */
export function checkPostgresConnection(connection: string, allow: AddressAllowList): string | undefined {
  if (isConnectionName(connection)) return undefined;
  const parsed = parsePostgresUrl(connection);
  if (parsed.problem !== undefined) return parsed.problem;
  const refused = literalHostRefusal(parsed.target.host, allow);
  return refused ? `The database connection points at ${refused.reason}: ${refused.kind} addresses are refused unless an admin allow-lists them.` : undefined;
}
