import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startReceiver } from '../../../packages/engine/test/destinations/receiver.ts';
import { startServerProcess, type ServerProcess } from './faults/server-process.ts';
import { appliedChanges, liveDocument, writeLiveData, type ReceivedChange } from './live-workflow.ts';

const ENV = { SEGFLOW_DESTINATION_ALLOW: '127.0.0.1/32' };
const CUSTOMERS = Array.from({ length: 40 }, (_, i) => 2001 + i);
const CALLS = 60;

type Call = { events: { id: string; values: Record<string, unknown> }[]; profiles: Record<string, unknown>[] };

/** A seeded stream of calls: purchases of 30 (the 4th within the window makes a gold customer a member) and tier flips. */
function stream(seed: number): Call[] {
  let s = seed;
  const next = (n: number) => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) % n;
  const calls: Call[] = [{ events: [], profiles: CUSTOMERS.map((id) => ({ id, tier: 'gold' })) }];
  let event = 0;
  for (let c = 1; c < CALLS; c++) {
    const call: Call = { events: [], profiles: [] };
    for (let i = 0; i < 10; i++) {
      const id = CUSTOMERS[next(CUSTOMERS.length)];
      if (next(5) === 0) call.profiles.push({ id, tier: next(2) ? 'gold' : 'silver' });
      else call.events.push({ id: `ev-${++event}`, values: { id, at: `2024-06-${String(10 + next(20)).padStart(2, '0')}T12:00:00Z`, amount: 30 } });
    }
    calls.push(call);
  }
  return calls;
}

/** The independent model: membership is gold and more than 100 spent; each flip is one change, in call order. */
function expectedChanges(calls: Call[]): Map<number, string[]> {
  const tier = new Map<number, string>();
  const spent = new Map<number, number>();
  const member = new Map<number, boolean>();
  const changes = new Map<number, string[]>(CUSTOMERS.map((id) => [id, []]));
  for (const call of calls) {
    const touched = new Set<number>();
    for (const p of call.profiles) (tier.set(p.id as number, p.tier as string), touched.add(p.id as number));
    for (const e of call.events) (spent.set(e.values.id as number, (spent.get(e.values.id as number) ?? 0) + 30), touched.add(e.values.id as number));
    for (const id of touched) {
      const now = tier.get(id) === 'gold' && (spent.get(id) ?? 0) > 100;
      if (now !== (member.get(id) ?? false)) changes.get(id)!.push(now ? 'enter' : 'exit');
      member.set(id, now);
    }
  }
  return changes;
}

/** Sends a call until a server takes it (a call in flight when the server died is sent again: same event ids). */
async function send(server: () => ServerProcess, call: Call): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await server().api.request('POST', '/api/events', call);
      if (res.status === 200) return;
      throw new Error(`ingest answered ${res.status} ${JSON.stringify(res.body)}`);
    } catch (error) {
      if (attempt > 200 || (error as Error).message.startsWith('ingest answered')) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

describe('a live audience across a kill -9 of the server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'segflow-live-crash-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('delivers and streams every enter and exit exactly once', async () => {
    mkdirSync(join(dir, 'datasets'), { recursive: true });
    writeLiveData(join(dir, 'datasets'));
    // At the kill, a batch the receiver applied is unconfirmed: its connection dropped before the answer.
    let dropping = false;
    let dropped = false;
    const receiver = await startReceiver(() => (dropping && !dropped ? ((dropped = true), 'apply-then-drop') : 'ok'));
    let server = await startServerProcess(dir, ENV);
    try {
      const created = await server.api.request('POST', '/api/workflows', { document: liveDocument(receiver.url) });
      const id = created.body.id as string;
      expect((await server.api.request('POST', `/api/workflows/${id}/publish`, {})).status).toBe(201);
      expect((await server.api.request('PUT', `/api/workflows/${id}/live`, { enabled: true })).status).toBe(200);

      const calls = stream(7);
      let killed = false;
      for (let c = 0; c < calls.length; c++) {
        if (c === Math.floor(CALLS / 3)) dropping = true;
        if (dropped && !killed) {
          killed = true;
          // Mid-call and mid-delivery: a call is in flight and a batch unconfirmed when the process dies.
          const inFlight = server.api.request('POST', '/api/events', calls[c]).catch(() => undefined);
          await new Promise((r) => setTimeout(r, 2));
          server.kill();
          await server.exited;
          await inFlight;
          server = await startServerProcess(dir, ENV);
        }
        await send(() => server, calls[c]);
      }
      const settle = Date.now() + 30_000;
      while ((await server.api.request('GET', `/api/workflows/${id}/live`)).body.pendingDeliveries > 0 && Date.now() < settle) await new Promise((r) => setTimeout(r, 100));

      expect(killed).toBe(true);
      // The unconfirmed batch came again after the restart, under the same Idempotency-Key.
      expect(receiver.duplicates).toBeGreaterThanOrEqual(1);
      const expected = expectedChanges(calls);
      const byCustomer = (changes: ReceivedChange[]) => {
        const out = new Map<number, string[]>(CUSTOMERS.map((c) => [c, []]));
        for (const c of changes) out.get(c.key as number)!.push(c.change);
        return out;
      };
      const delivered = appliedChanges(receiver.requests as never);
      expect(new Set(delivered.map((c) => c.seq)).size).toBe(delivered.length);
      expect(byCustomer(delivered)).toEqual(expected);
      expect([...expected.values()].flat().length).toBeGreaterThan(20);

      // The stream, read from the start after the restart, holds the same changes.
      const res = await fetch(`${server.url}/api/workflows/${id}/membership/stream`, { headers: server.api.headers });
      const reader = res.body!.getReader();
      let text = '';
      const total = delivered.length;
      while ((text.match(/^data: /gm) ?? []).length < total) text += new TextDecoder().decode((await reader.read()).value);
      await reader.cancel();
      const streamed = text.split('\n').filter((l) => l.startsWith('data: ')).map((l) => JSON.parse(l.slice(6)) as ReceivedChange);
      expect(byCustomer(streamed)).toEqual(expected);
    } finally {
      await server.stop();
      await receiver.close();
    }
  }, 180_000);
});
