/**
 * The remote destinations of an output node (spec: output `destination`).
 * Browser-safe: zod and pure helpers only, so the web inspector and the
 * validator read the same schema the Node delivery code does.
 */
import { z } from 'zod';
import { addressKind, hostAllowed, parseIp, refusedAddress, type AddressAllowList } from './address-policy.ts';

export type { AddressAllowList } from './address-policy.ts';

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/;
/** Headers Segflow sets itself: a document may not override them. */
const RESERVED_HEADERS = new Set(['content-type', 'content-length', 'idempotency-key', 'host', 'transfer-encoding', 'connection']);

const webhookHeaders = z
  .record(z.string(), z.string().max(4096))
  .refine((h) => Object.keys(h).length <= 50, 'at most 50 headers')
  .superRefine((headers, ctx) => {
    for (const [name, value] of Object.entries(headers)) {
      if (!HEADER_NAME.test(name)) ctx.addIssue({ code: 'custom', message: `"${name}" is not a valid header name`, path: [name] });
      else if (RESERVED_HEADERS.has(name.toLowerCase())) ctx.addIssue({ code: 'custom', message: `the ${name} header is set by Segflow`, path: [name] });
      if (/[\r\n\0]/.test(value)) ctx.addIssue({ code: 'custom', message: `the value of "${name}" contains a line break`, path: [name] });
    }
  });

/**
 * Batched JSON POSTs; see `deliverWebhook`.
 *
 * @example
 *   { "type": "webhook", "url": "https://crm.example.com/hooks/segments", "batchSize": 1000 }
 */
export const webhookDestination = z.strictObject({
  type: z.literal('webhook'),
  url: z.url({ protocol: /^https?$/, error: 'an http or https URL' }).max(2048),
  batchSize: z.number().int().min(1).max(10000).default(500),
  timeoutMs: z.number().int().min(100).max(120000).default(10000),
  maxAttempts: z.number().int().min(1).max(10).default(5),
  headers: webhookHeaders.optional(),
});
export type WebhookDestination = z.output<typeof webhookDestination>;

const PG_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * An upsert into a PostgreSQL table that afterwards holds exactly the segment;
 * see `deliverPostgres`.
 *
 * @example
 *   { "type": "postgres", "connection": "postgres://segflow@db.internal/crm", "table": "vip_customers" }
 */
export const postgresDestination = z.strictObject({
  type: z.literal('postgres'),
  /** A connection URL (in the server, later, the name of a stored secret). */
  connection: z.string().min(1).max(2048),
  table: z.string().regex(PG_IDENTIFIER, 'a table name is a letter or _, then up to 62 letters, digits or _'),
  schema: z.string().regex(PG_IDENTIFIER, 'a schema name is a letter or _, then up to 62 letters, digits or _').optional(),
  /** The primary-key column; defaults to the segment's key. */
  key: z.string().min(1).max(63).optional(),
  batchSize: z.number().int().min(1).max(100000).default(5000),
});
export type PostgresDestination = z.output<typeof postgresDestination>;

export const remoteDestination = z.discriminatedUnion('type', [webhookDestination, postgresDestination]);
export type RemoteDestination = z.output<typeof remoteDestination>;

/**
 * Validation-time check of a webhook URL: a message when its host is a literal
 * address (or `localhost`) in a refused range that `allow` does not permit.
 * Host names are checked again, on every address they resolve to, at connect time.
 *
 * @example
 *   checkWebhookUrl('http://169.254.169.254/latest', {}) // 'The webhook URL points at a link-local address …'
 */
export function checkWebhookUrl(url: string, allow: AddressAllowList): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'The webhook URL is not a valid URL.';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'The webhook URL must start with http:// or https://.';
  const host = parsed.hostname;
  const literal = parseIp(host) ? host.replace(/^\[|\]$/g, '') : undefined;
  const candidates = literal ? [literal] : isLocalhost(host) ? ['127.0.0.1', '::1'] : [];
  if (candidates.length === 0 || hostAllowed(host, allow)) return undefined;
  const reasons = candidates.map((a) => refusedAddress(a, host, allow));
  if (reasons.some((r) => r === undefined)) return undefined;
  const kind = addressKind(candidates[0]);
  return `The webhook URL points at ${reasons[0]}: ${kind} addresses are refused unless an admin allow-lists them.`;
}

/** `localhost` and `*.localhost` always mean this machine (RFC 6761). */
const isLocalhost = (host: string) => /(^|\.)localhost\.?$/i.test(host);
