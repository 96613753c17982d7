import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver } from '../../../packages/engine/test/destinations/receiver.ts';
import { startServerProcess, type ServerProcess } from './faults/server-process.ts';
import { appliedChanges, liveDocument, writeLiveData, type ReceivedChange } from './live-workflow.ts';
import { startRedis, type Redis } from './redis.ts';
import pino from 'pino';
import { liveRedis } from '../src/queue/live-redis.ts';

const CUSTOMERS = Array.from({ length: 12 }, (_, i) => 3001 + i);
const CALLS = 80;

type Call = { events: { id: string; values: Record<string, unknown> }[]; profiles: Record<string, unknown>[] };

/** Seeded calls about the same few customers: purchases of 30 (the 4th makes a gold customer a member) and tier flips. */
function calls(seed: number): Call[] {
  let s = seed;
  // The high bits: the low ones of this generator repeat in short cycles.
  const next = (n: number) => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 16) % n;
  const out: Call[] = [];
  let event = 0;
  for (let c = 0; c < CALLS; c++) {
    const call: Call = { events: [], profiles: [] };
    for (let i = 0; i < 6; i++) {
      const id = CUSTOMERS[next(CUSTOMERS.length)];
      if (next(3) === 0) call.profiles.push({ id, tier: next(2) ? 'gold' : 'silver' });
      else call.events.push({ id: `ev-${++event}`, values: { id, at: `2024-06-${String(10 + next(20)).padStart(2, '0')}T12:00:00Z`, amount: 30 } });
    }
    out.push(call);
  }
  return out;
}

/** Sends a call; anything but 200 (a database busy with the other server, say) fails the test. */
async function send(server: ServerProcess, call: Call): Promise<number> {
  const res = await server.api.request('POST', '/api/events', call);
  if (res.status !== 200) throw new Error(`ingest answered ${res.status} ${JSON.stringify(res.body)}\n${server.output().slice(-1500)}`);
  return res.body.changes as number;
}

/** Follows a workflow's membership stream from the start until `stop` is called; the changes it sent so far. */
function follow(server: ServerProcess, workflowId: string) {
  const changes: (ReceivedChange & { seq: number })[] = [];
  const abort = new AbortController();
  const done = (async () => {
    try {
      const res = await fetch(`${server.url}/api/workflows/${workflowId}/membership/stream`, { headers: server.api.headers, signal: abort.signal });
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of res.body!) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const data = /^data: (.*)$/m.exec(buffer.slice(0, end))?.[1];
          buffer = buffer.slice(end + 2);
          if (data) changes.push(JSON.parse(data));
        }
      }
    } catch {
      // Stopped.
    }
  })();
  return { changes, stop: async () => (abort.abort(), await done) };
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('a live audience shared by two server processes (SEGFLOW_REDIS_URL)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'segflow-live-redis-'));
  let redis: Redis;
  beforeAll(() => {
    redis = startRedis();
  });
  afterAll(() => {
    redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('applies events sent to either server once each, delivers every enter and exit once, and streams all of them on both', async () => {
    mkdirSync(join(dir, 'datasets'), { recursive: true });
    writeLiveData(join(dir, 'datasets'));
    const receiver = await startReceiver();
    const env = { SEGFLOW_DESTINATION_ALLOW: '127.0.0.1/32', SEGFLOW_REDIS_URL: redis.url };
    const a = await startServerProcess(dir, env);
    const b = await startServerProcess(dir, env).catch(async (error) => (await a.stop(), Promise.reject(error)));
    try {
      const id = (await a.api.request('POST', '/api/workflows', { document: liveDocument(receiver.url) })).body.id as string;
      expect((await a.api.request('POST', `/api/workflows/${id}/publish`, {})).status).toBe(201);
      expect((await b.api.request('PUT', `/api/workflows/${id}/live`, { enabled: true })).status).toBe(200);
      const streams = [follow(a, id), follow(b, id)];

      // Every customer known (silver) before the servers race, so no call looks them up in the sources.
      let total = await send(a, { events: [], profiles: CUSTOMERS.map((c) => ({ id: c, tier: 'silver' })) });
      const all = calls(11);
      // Alternately to both servers, two calls in flight at once, about the same customers.
      const counts = await Promise.all([a, b].map(async (server, half) => {
        let n = 0;
        for (let c = half; c < all.length; c += 2) n += await send(server, all[c]);
        return n;
      }));
      total += counts[0] + counts[1];
      // Then every customer's tier for good: whoever applied what first, membership ends gold and over 100.
      const tier = (c: number) => (c % 3 ? 'gold' : 'silver');
      total += await send(b, { events: [], profiles: CUSTOMERS.map((c) => ({ id: c, tier: tier(c) })) });
      const spent = new Map<number, number>();
      for (const e of all.flatMap((call) => call.events)) spent.set(e.values.id as number, (spent.get(e.values.id as number) ?? 0) + 30);
      const members = CUSTOMERS.filter((c) => tier(c) === 'gold' && (spent.get(c) ?? 0) > 100);
      expect(total).toBeGreaterThan(20);
      expect(members.length).toBeGreaterThan(2);

      await until(() => appliedChanges(receiver.requests as never).length >= total, 'every change delivered');
      await until(async () => (await a.api.request('GET', `/api/workflows/${id}/live`)).body.pendingDeliveries === 0, 'nothing pending');
      await until(() => streams.every((s) => s.changes.length >= total), 'both streams to show every change', 10_000).catch(() => undefined);
      for (const s of streams) await s.stop();

      const delivered = appliedChanges(receiver.requests as never);
      expect(receiver.duplicates).toBe(0);
      expect(delivered.length).toBe(total);
      expect(new Set(delivered.map((c) => c.seq)).size).toBe(total);
      // Each customer's changes alternate, enter first, and end where the final tiers and all purchases put them.
      for (const customer of CUSTOMERS) {
        const own = delivered.filter((c) => c.key === customer).map((c) => c.change);
        expect(own, `customer ${customer}`).toEqual(own.map((_, i) => (i % 2 ? 'exit' : 'enter')));
        expect(own.length % 2 === 1, `customer ${customer} is a member`).toBe(members.includes(customer));
      }
      const status = (await b.api.request('GET', `/api/workflows/${id}/live`)).body;
      expect(status).toMatchObject({ customers: CUSTOMERS.length, members: { big_gold: members.length }, pendingDeliveries: 0 });
      // Both streams, following live, showed every change in the order they were stored.
      const seqs = delivered.map((c) => c.seq).sort((x, y) => x - y);
      for (const s of streams) expect(s.changes.map((c) => c.seq)).toEqual(seqs);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
      await receiver.close();
    }
  }, 180_000);

  it('lets one server at a time hold an output’s delivery lock or claim a reconcile, and tells the others of new changes', async () => {
    const [one, two] = [liveRedis(`${redis.url}/1`, pino({ level: 'silent' })), liveRedis(`${redis.url}/1`, pino({ level: 'silent' }))];
    try {
      const unlock = await one.tryLock('wf:out');
      expect(unlock).toBeTypeOf('function');
      expect(await two.tryLock('wf:out')).toBeNull();
      expect(await two.tryLock('wf:other')).toBeTypeOf('function');
      await unlock!();
      const again = await two.tryLock('wf:out');
      expect(again).toBeTypeOf('function');
      // A lock released by someone who no longer holds it stays with its holder.
      await unlock!();
      expect(await one.tryLock('wf:out')).toBeNull();

      expect(await one.claimReconcile('wf', 60_000)).toBe(true);
      expect(await two.claimReconcile('wf', 60_000)).toBe(false);

      const heard: string[][] = [[], []];
      one.follow((w) => heard[0].push(w));
      two.follow((w) => heard[1].push(w));
      await until(() => (one.announce('wf-1'), heard[1].includes('wf-1')), 'the other server to hear of the change', 5_000);
      expect(heard[0]).toEqual([]);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });
});
