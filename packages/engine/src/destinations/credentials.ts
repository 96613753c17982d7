/**
 * Credentials in destinations (spec extension: connection and secret names).
 * A document names a stored connection (`"connection": "crm_db"`) or secret
 * (`"Authorization": { "secret": "crm_token" }`) instead of carrying the value;
 * what the names stand for is resolved only when a run delivers. Browser-safe.
 */
import { PermanentError } from '../run/permanent-error.ts';
import { isConnectionName } from './postgres-url.ts';
import type { RemoteDestination, SecretReference } from './destination-schema.ts';

/** What connection and secret names stand for (server: the encrypted store; CLI: SEGFLOW_CONNECTIONS / SEGFLOW_SECRETS). */
export interface CredentialResolver {
  connection(name: string): string | undefined;
  secret(name: string): string | undefined;
}

/** What replaces a credential in answers. */
export const REDACTED = '***';

/** Headers whose values are credentials: never literal in a document. */
const SENSITIVE_HEADER = /^(authorization|proxy-authorization|cookie|x-api-key|api-key|apikey)$|token|secret|password|passwd|api[-_]?key|signature|session/i;
export const isSensitiveHeader = (name: string): boolean => SENSITIVE_HEADER.test(name);

type HeaderValue = string | SecretReference;

/** A URL with its password (and any `password` parameter) replaced, or the text unchanged when it carries none. */
function redactUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return text;
  }
  const params = [...url.searchParams.keys()].filter((k) => /pass/i.test(k));
  if (!url.password && params.length === 0) return text;
  if (url.password) url.password = REDACTED;
  for (const p of params) url.searchParams.set(p, REDACTED);
  return url.toString();
}

const urlHasSecret = (text: string) => redactUrl(text) !== text;

interface DestinationLike {
  type: string;
  url?: unknown;
  connection?: unknown;
  headers?: unknown;
}

const headersOf = (d: DestinationLike): [string, unknown][] => (d.headers && typeof d.headers === 'object' ? Object.entries(d.headers) : []);

/**
 * Where a destination carries a credential literally, as sentences; empty when
 * it names stored ones. Works on unchecked documents (anything odd is ignored).
 *
 * @example
 *   literalCredentials({ type: 'postgres', connection: 'postgres://u:pw@db/crm', table: 't' })
 *   // ['the database connection contains a password']
 */
export function literalCredentials(destination: DestinationLike): string[] {
  const found: string[] = [];
  if (typeof destination.connection === 'string' && urlHasSecret(destination.connection)) found.push('the database connection contains a password');
  if (typeof destination.url === 'string' && urlHasSecret(destination.url)) found.push('the webhook URL contains a password');
  for (const [name, value] of headersOf(destination))
    if (typeof value === 'string' && isSensitiveHeader(name)) found.push(`the ${name} header has its value written in the workflow`);
  return found;
}

/** A copy of a destination with every literal credential replaced by `***`; the same object when it has none. */
export function redactDestination<D extends DestinationLike>(destination: D): D {
  if (literalCredentials(destination).length === 0) return destination;
  const copy: DestinationLike = { ...destination };
  if (typeof copy.connection === 'string') copy.connection = redactUrl(copy.connection);
  if (typeof copy.url === 'string') copy.url = redactUrl(copy.url);
  if (copy.headers && typeof copy.headers === 'object')
    copy.headers = Object.fromEntries(headersOf(copy).map(([n, v]) => [n, typeof v === 'string' && isSensitiveHeader(n) ? REDACTED : v]));
  return copy as D;
}

const missing = (what: string, name: string, where: string) =>
  new PermanentError(`There is no ${what} named "${name}" (${where}); an admin adds it under Connections (the CLI reads SEGFLOW_CONNECTIONS and SEGFLOW_SECRETS).`);

/**
 * The destination with every name replaced by what it stands for, right before
 * delivery. Throws (permanently: retrying cannot help) when a name is unknown.
 *
 * @example
 *   resolveCredentials({ type: 'postgres', connection: 'crm_db', … }, resolver) // { …, connection: 'postgres://…' }
 */
export function resolveCredentials<D extends RemoteDestination>(destination: D, resolver: CredentialResolver | undefined): D {
  if (destination.type === 'postgres') {
    if (!isConnectionName(destination.connection)) return destination;
    const url = resolver?.connection(destination.connection);
    if (url === undefined) throw missing('database connection', destination.connection, 'the output\'s connection');
    return { ...destination, connection: url };
  }
  if (!destination.headers) return destination;
  const headers = Object.fromEntries(
    Object.entries(destination.headers as Record<string, HeaderValue>).map(([name, value]) => {
      if (typeof value === 'string') return [name, value];
      const secret = resolver?.secret(value.secret);
      if (secret === undefined) throw missing('secret', value.secret, `the ${name} header`);
      if (/[\r\n\0]/.test(secret)) throw new PermanentError(`The secret "${value.secret}" contains a line break and cannot be sent as a header.`);
      return [name, secret];
    }),
  );
  return { ...destination, headers };
}

/** The headers to send; throws if a secret name was not resolved first (a bug, not a user's mistake). */
export function literalHeaders(headers: Record<string, HeaderValue> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => {
    if (typeof value !== 'string') throw new Error(`The ${name} header's secret "${value.secret}" was not resolved before delivery.`);
    return [name, value];
  }));
}
