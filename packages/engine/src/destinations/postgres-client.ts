import { Socket } from 'node:net';
import pg from 'pg';
import { PermanentError } from '../run/permanent-error.ts';
import type { AddressAllowList } from './address-policy.ts';
import { guardedLookup, REFUSED_ADDRESS, refusedAddressError } from './guarded-lookup.ts';
import { isPermanentPostgresError } from './postgres-session.ts';
import { literalHostRefusal, parsePostgresUrl, type PostgresTarget } from './postgres-url.ts';

/**
 * A socket that connects only where the allow list permits: a literal address
 * is checked before connecting, a host name through the guarded lookup, so a
 * name that resolves (or is rebound) to an internal address is never reached.
 * pg connects with `(port, host)`, or with a path alone for a unix socket,
 * which is refused.
 */
function guardedSocket(allow: AddressAllowList): Socket {
  const socket = new Socket();
  const connect = socket.connect.bind(socket);
  // Refused through the lookup, so the socket fails as it does when a name is refused (pg handles that path).
  const refuse = (port: number, host: string, reason: string) =>
    connect({ port, host, lookup: (_name, _options, callback) => callback(refusedAddressError(host, [reason]), '') });
  socket.connect = ((port: unknown, host: unknown) => {
    if (typeof host !== 'string' || (typeof port !== 'number' && typeof port !== 'string')) return refuse(5432, 'local-socket.invalid', 'a local socket');
    const bare = host.replace(/^\[|\]$/g, '');
    const refused = literalHostRefusal(bare, allow);
    if (refused) return refuse(Number(port), `refused-address.invalid`, refused.reason);
    return connect({ port: Number(port), host: bare, lookup: guardedLookup(allow) });
  }) as Socket['connect'];
  return socket;
}

export const sslOf = (target: PostgresTarget): pg.ClientConfig['ssl'] => {
  switch (target.sslmode) {
    case undefined:
    case 'disable':
      return false;
    case 'require':
      return { rejectUnauthorized: false };
    case 'verify-ca':
      // Certificate chain checked, host name not (libpq's meaning).
      return { rejectUnauthorized: true, checkServerIdentity: () => undefined };
    case 'verify-full':
      return { rejectUnauthorized: true };
  }
};

/**
 * A PostgreSQL client for a destination's connection URL, built only from what
 * `parsePostgresUrl` accepts (no file-reading parameters, no sockets) and
 * connecting only to addresses `allow` permits. Throws a PermanentError for a
 * URL that is refused.
 *
 * @example
 *   const client = postgresClient('postgres://app@db.internal/crm', {});
 *   await connectPostgres(client);
 */
export function postgresClient(connection: string, allow: AddressAllowList): pg.Client {
  const parsed = parsePostgresUrl(connection);
  if (parsed.problem !== undefined) throw new PermanentError(parsed.problem);
  const t = parsed.target;
  return new pg.Client({
    host: t.host, port: t.port, user: t.user, password: t.password, database: t.database, ssl: sslOf(t),
    application_name: t.applicationName ?? 'segflow',
    // The session's connect deadline bounds every connection; a URL's connect_timeout may only shorten it.
    ...(t.connectTimeoutSeconds !== undefined && { connectionTimeoutMillis: t.connectTimeoutSeconds * 1000 }),
    stream: () => guardedSocket(allow),
  });
}

/** SQLSTATE classes worth naming; the server's own text can carry the client's address (pg_hba), so it is not passed on. */
const REASONS: Record<string, string> = {
  '28P01': 'the user name or password was refused',
  '28000': 'the server refused this user',
  '3D000': 'the database does not exist',
  '53300': 'the server has too many connections',
};

/**
 * Connects, turning any failure into "could not connect to the database" with
 * at most a reason that names no address or port: error texts like
 * `ECONNREFUSED 127.0.0.1:8093` would let a publisher scan ports.
 */
export async function connectPostgres(client: pg.Client): Promise<void> {
  try {
    await client.connect();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === REFUSED_ADDRESS) throw new PermanentError('could not connect to the database: its address is refused unless an admin allow-lists it');
    const reason = typeof code === 'string' ? REASONS[code] : undefined;
    const message = `could not connect to the database${reason ? `: ${reason}` : ''}`;
    // A refused password or a missing database fails the same way on every attempt.
    throw isPermanentPostgresError(error) ? new PermanentError(message) : new Error(message);
  }
}
