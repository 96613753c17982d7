/**
 * The remote destinations of an output node (spec: output `destination`).
 * Browser-safe: zod and pure helpers only, so the web inspector and the
 * validator read the same schema the Node delivery code does.
 *
 * Extension of workflow-v1 (additive: older documents stay valid): credentials
 * are named, not written. A postgres `connection` may be the name of a stored
 * connection (`"crm_db"`), and a webhook header's value may be
 * `{ "secret": "crm_token" }`, the name of a stored secret. Names are resolved
 * when a run delivers (see credentials.ts); the server refuses to save a
 * document that holds a password or a sensitive header's value itself.
 */
import { z } from 'zod';
import type { AddressAllowList } from './address-policy.ts';
import { CONNECTION_NAME, literalHostRefusal } from './postgres-url.ts';

export type { AddressAllowList } from './address-policy.ts';

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/;
/** Headers Segflow sets itself: a document may not override them. */
const RESERVED_HEADERS = new Set(['content-type', 'content-length', 'idempotency-key', 'host', 'transfer-encoding', 'connection']);

/** A stored secret's name, in place of a header value (`{ "secret": "crm_token" }`); resolved when a run delivers. */
export const secretReference = z.object({ secret: z.string().regex(CONNECTION_NAME, 'a secret name is a letter, then up to 63 letters, digits, _ or -') }).strict();
export type SecretReference = z.output<typeof secretReference>;

const webhookHeaders = z
  .record(z.string(), z.union([z.string().max(4096), secretReference]))
  .refine((h) => Object.keys(h).length <= 50, 'at most 50 headers')
  .superRefine((headers, ctx) => {
    for (const [name, value] of Object.entries(headers)) {
      if (!HEADER_NAME.test(name)) ctx.addIssue({ code: 'custom', message: `"${name}" is not a valid header name`, path: [name] });
      else if (RESERVED_HEADERS.has(name.toLowerCase())) ctx.addIssue({ code: 'custom', message: `the ${name} header is set by Segflow`, path: [name] });
      if (typeof value === 'string' && /[\r\n\0]/.test(value)) ctx.addIssue({ code: 'custom', message: `the value of "${name}" contains a line break`, path: [name] });
    }
  });

/**
 * `full` (the default) sends the whole segment on every run; `changes` sends,
 * in published runs, only who entered and who left since the last delivered
 * run (see destinations/membership.ts and duckdb/deliver-output.ts).
 */
export const deliveryMode = z.enum(['full', 'changes']).optional();

/**
 * Batched JSON POSTs; see `deliverWebhook`.
 *
 * @example
 *   { "type": "webhook", "url": "https://crm.example.com/hooks/segments", "batchSize": 1000 }
 */
export const webhookDestination = z.strictObject({
  type: z.literal('webhook'),
  url: z.url({ protocol: /^https?$/, error: 'use an address that starts with http:// or https://' }).max(2048),
  batchSize: z.number().int().min(1).max(10000).default(500),
  timeoutMs: z.number().int().min(100).max(120000).default(10000),
  maxAttempts: z.number().int().min(1).max(10).default(5),
  headers: webhookHeaders.optional(),
  delivery: deliveryMode,
});
export type WebhookDestination = z.output<typeof webhookDestination>;

const PG_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * An upsert into a PostgreSQL table that afterwards holds exactly the segment;
 * see `deliverPostgres`.
 *
 * @example
 *   { "type": "postgres", "connection": "crm_db", "table": "vip_customers" }
 */
export const postgresDestination = z.strictObject({
  type: z.literal('postgres'),
  /**
   * The name of a stored connection (`crm_db`: the server's connections, the
   * CLI's SEGFLOW_CONNECTIONS) or a postgres:// URL without a password.
   */
  connection: z.string().min(1).max(2048),
  table: z.string().regex(PG_IDENTIFIER, 'a table name is a letter or _, then up to 62 letters, digits or _'),
  schema: z.string().regex(PG_IDENTIFIER, 'a schema name is a letter or _, then up to 62 letters, digits or _').optional(),
  /** The primary-key column; defaults to the segment's key. */
  key: z.string().min(1).max(63).optional(),
  batchSize: z.number().int().min(1).max(100000).default(5000),
  delivery: deliveryMode,
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
  const refused = literalHostRefusal(parsed.hostname, allow);
  return refused ? `The webhook URL points at ${refused.reason}: ${refused.kind} addresses are refused unless an admin allow-lists them.` : undefined;
}

