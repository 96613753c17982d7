import type { ConnectionOptions } from 'bullmq';

/** The queue of runs workers take from; every server and worker of one installation must name the same Redis. */
export const RUN_QUEUE = 'segflow-runs';
/** Where workers publish the run events they store, for every server's SSE streams. */
export const RUN_EVENTS_CHANNEL = 'segflow:run-events';
/** Where servers publish cancels of runs a worker is executing. */
export const RUN_CANCELS_CHANNEL = 'segflow:run-cancels';

/**
 * SEGFLOW_REDIS_URL as BullMQ's connection settings: `redis://[user:password@]host[:port][/db]`,
 * or `rediss://` for TLS. Throws a sentence an operator understands on anything else.
 */
export function redisConnection(url: string): ConnectionOptions {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw new Error(`SEGFLOW_REDIS_URL "${url}" is not a URL such as redis://127.0.0.1:6379`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:')
    throw new Error(`SEGFLOW_REDIS_URL "${parsed.protocol}//…" must start with redis:// or rediss://`);
  const db = parsed.pathname.replace(/^\//, '');
  if (db && !/^\d+$/.test(db)) throw new Error('SEGFLOW_REDIS_URL: the path must be a database number, such as /0');
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 6379,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(db ? { db: Number(db) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
    // A server must start (and answer /api/health) even while Redis is briefly away: commands wait for it.
    maxRetriesPerRequest: null,
  };
}

/** The pub/sub commands of the ioredis client BullMQ hands out (its type names only the commands BullMQ itself uses). */
export interface PubSubClient {
  publish(channel: string, message: string): Promise<number>;
  subscribe(channel: string): Promise<unknown>;
  on(event: 'message', listener: (channel: string, message: string) => void): unknown;
  quit(): Promise<unknown>;
}

/** A new connection beside a BullMQ one, for pub/sub (a subscribed connection can do nothing else). */
export const pubSubBeside = (client: { duplicate(): unknown }) => client.duplicate() as PubSubClient;

/** The queue of previews (counts, member rows, value suggestions, rule counts) workers compute. */
export const PREVIEW_QUEUE = 'segflow-previews';
/** Where servers publish the ids of preview jobs a newer request replaced. */
export const PREVIEW_CANCELS_CHANNEL = 'segflow:preview-cancels';
