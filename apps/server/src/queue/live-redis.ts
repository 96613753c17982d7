import { randomUUID } from 'node:crypto';
import { RedisConnection } from 'bullmq';
import type { Logger } from 'pino';
import { pubSubBeside, redisConnection, type PubSubClient } from './redis-connection.ts';

/** Where a server announces that a workflow's live audience stored new enters and exits. */
export const LIVE_CHANGES_CHANNEL = 'segflow:live-changes';
/** The lock a server holds while it delivers one live output's changes (`…:workflow:node`). */
const DELIVERY_LOCK_PREFIX = 'segflow:live-delivery:';
/** Where a server claims a workflow's nightly reconcile (`…:workflow`). */
const RECONCILE_CLAIM_PREFIX = 'segflow:live-reconcile:';
/** How long a lock outlives a server that died holding it; renewed while the server is alive. */
export const DELIVERY_LOCK_MS = 15_000;

/** The commands used here of the ioredis client BullMQ opens (its type names only BullMQ's own). */
interface LockClient {
  set(key: string, value: string, px: 'PX', ms: number, nx: 'NX'): Promise<'OK' | null>;
  eval(script: string, keys: number, ...args: (string | number)[]): Promise<unknown>;
  duplicate(): unknown;
}

// Only the holder (its token) may renew or release a lock: one that expired may be another server's by now.
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

/** Releases a lock taken with `tryLock`. */
export type Unlock = () => Promise<void>;

/**
 * Live audiences shared by several servers (SEGFLOW_REDIS_URL): each server
 * announces the workflows whose changes it stored, so every server's
 * membership streams read them from the shared SQLite; and one server at a
 * time delivers an output's changes, under a Redis lock it renews while alive.
 */
export function liveRedis(url: string, logger: Logger) {
  const me = randomUUID();
  const connection = new RedisConnection(redisConnection(url));
  const client = connection.client.then((c) => c as unknown as LockClient);
  const publisher = client.then((c) => pubSubBeside(c));
  const listeners = new Set<(workflowId: string) => void>();
  const subscriber: Promise<PubSubClient> = client.then(async (c) => {
    const sub = pubSubBeside(c);
    sub.on('message', (_channel, text) => {
      const [from, workflowId] = text.split('\n');
      // This server told its own streams already.
      if (from === me || !workflowId) return;
      for (const listener of listeners) listener(workflowId);
    });
    await sub.subscribe(LIVE_CHANGES_CHANNEL);
    return sub;
  });
  subscriber.catch((err: unknown) => logger.error({ err }, 'cannot follow the live changes other servers store'));

  return {
    /** Tells the other servers' streams that `workflowId` has new changes stored. */
    announce(workflowId: string): void {
      void publisher.then((p) => p.publish(LIVE_CHANGES_CHANNEL, `${me}\n${workflowId}`))
        .catch((err: unknown) => logger.warn({ err, workflowId }, 'other servers\u2019 membership streams could not be told of new changes'));
    },
    /** Calls `listener` with the workflow whenever another server stored changes for it. */
    follow(listener: (workflowId: string) => void): void {
      listeners.add(listener);
    },
    /** The delivery lock of `name`, or null when another server holds it. */
    async tryLock(name: string): Promise<Unlock | null> {
      const key = DELIVERY_LOCK_PREFIX + name;
      const token = `${me}:${randomUUID()}`;
      const redis = await client;
      if ((await redis.set(key, token, 'PX', DELIVERY_LOCK_MS, 'NX')) !== 'OK') return null;
      const renew = setInterval(() => {
        redis.eval(RENEW, 1, key, token, DELIVERY_LOCK_MS).catch((err: unknown) => logger.warn({ err, key }, 'a live delivery lock could not be renewed'));
      }, DELIVERY_LOCK_MS / 3);
      renew.unref();
      return async () => {
        clearInterval(renew);
        await redis.eval(RELEASE, 1, key, token).catch((err: unknown) => logger.warn({ err, key }, 'a live delivery lock could not be released; it expires by itself'));
      };
    },
    /**
     * Whether this server does the workflow's periodic reconcile now: the first
     * server to ask in a period of `everyMs` does; the claim lasts 90 % of it,
     * so servers started at different times still reconcile once per period.
     */
    async claimReconcile(workflowId: string, everyMs: number): Promise<boolean> {
      const ms = Math.max(1, Math.floor(everyMs * 0.9));
      return (await (await client).set(RECONCILE_CLAIM_PREFIX + workflowId, me, 'PX', ms, 'NX')) === 'OK';
    },
    async close() {
      listeners.clear();
      await Promise.allSettled([subscriber.then((s) => s.quit()), publisher.then((p) => p.quit())]);
      await connection.close();
    },
  };
}

export type LiveRedis = ReturnType<typeof liveRedis>;
