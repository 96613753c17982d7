import net from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { deliverWebhook, type WebhookContext } from '../../src/destinations/deliver-webhook.ts';
import { fileLedger, memoryLedger, type DeliveryLedger } from '../../src/destinations/ledger.ts';
import { segmentFromRows } from '../../src/destinations/segment-batches.ts';
import { ALLOW_LOOPBACK, CUSTOMER_TYPES, customers, startReceiver, type Receiver, type ReceiverAction, type ReceivedRequest } from './receiver.ts';

const figures: string[] = [];
afterAll(() => console.log(`webhook fault figures\n  ${figures.join('\n  ')}`));

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

const segment = (n: number) => segmentFromRows(customers(n), { types: CUSTOMER_TYPES });

/** Delivers `n` customers to a receiver following `script`; waits are recorded, not slept. */
async function deliver(n: number, script: (r: ReceivedRequest) => ReceiverAction, options: { batchSize?: number; maxAttempts?: number; timeoutMs?: number; ledger?: DeliveryLedger; ctx?: Partial<WebhookContext> } = {}) {
  receiver ??= await startReceiver(script);
  const waits: number[] = [];
  const ledger = options.ledger ?? memoryLedger();
  const started = Date.now();
  const run = deliverWebhook(
    segment(n),
    { type: 'webhook', url: receiver.url, batchSize: options.batchSize ?? 10, maxAttempts: options.maxAttempts, timeoutMs: options.timeoutMs },
    { runId: 'run1', nodeId: 'out', segmentName: 'vip', ledger, allow: ALLOW_LOOPBACK, sleep: async (ms) => void waits.push(ms), random: () => 0.5, ...options.ctx },
  );
  return { run, waits, ledger, receiver, started };
}

/** Every batch applied exactly once, and the rows applied are the segment's. */
function expectExactlyOnce(r: Receiver, n: number, batchSize: number) {
  const total = Math.ceil(n / batchSize);
  expect([...r.applied.keys()].sort()).toEqual(Array.from({ length: total }, (_, i) => `run1:out:${i + 1}`).sort());
  const ids = [...r.applied.values()].flat().map((row) => row.id);
  expect(ids.sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: n }, (_, i) => i + 1));
}

const firstTime = (action: ReceiverAction, when: (r: ReceivedRequest) => boolean = (r) => r.batch === 2) => {
  const done = new Set<string>();
  return (r: ReceivedRequest): ReceiverAction => {
    if (!when(r) || done.has(r.key)) return 'ok';
    done.add(r.key);
    return action;
  };
};

describe('webhook delivery', () => {
  it('sends every batch once, with its Idempotency-Key, as typed JSON', async () => {
    const { run, receiver: r } = await deliver(95, () => 'ok');
    expect(await run).toEqual({ batches: 10, skipped: 0, attempts: 10 });
    expectExactlyOnce(r, 95, 10);
    expect(r.duplicates).toBe(0);
    const first = r.requests[0];
    expect(first.headers['content-type']).toBe('application/json');
    expect(first).toMatchObject({ runId: 'run1', segment: 'vip', batch: 1, totalBatches: 10, key: 'run1:out:1' });
    expect(first.rows[0]).toEqual({ id: 1, name: 'customer "1"', score: 0, vip: true, since: '2020-01-01' });
    figures.push(`all once: ${r.requests.length} POSTs for 10 batches, ${r.duplicates} duplicates`);
  });

  it('serialises big integers as strings and timestamps as ISO strings', async () => {
    receiver = await startReceiver();
    const rows = [{ id: 9007199254740993n, at: new Date('2022-03-04T05:06:07.089Z'), n: Number.NaN }];
    await deliverWebhook(segmentFromRows(rows, { types: { id: 'integer', at: 'timestamp', n: 'number' } }), { type: 'webhook', url: receiver.url },
      { runId: 'run1', nodeId: 'out', segmentName: 's', ledger: memoryLedger(), allow: ALLOW_LOOPBACK });
    expect(receiver.requests[0].rows).toEqual([{ id: '9007199254740993', at: '2022-03-04T05:06:07.089Z', n: null }]);
  });

  it('sends nothing for an empty segment', async () => {
    const { run, receiver: r } = await deliver(0, () => 'ok');
    expect(await run).toEqual({ batches: 0, skipped: 0, attempts: 0 });
    expect(r.requests).toHaveLength(0);
  });

  it('resumes after a crash mid-way from a file ledger without repeating a batch', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'segflow-webhook-'));
    try {
      const path = join(dir, 'deliveries.ndjson');
      const crash = new AbortController();
      const first = await deliver(100, () => 'ok', {
        ledger: fileLedger(path),
        ctx: { signal: crash.signal, onProgress: (done) => done === 4 && crash.abort(new Error('process killed')) },
      });
      await expect(first.run).rejects.toThrow('process killed');
      expect(receiver!.requests).toHaveLength(4);
      // A new process: a new ledger reading the same file.
      const second = await deliver(100, () => 'ok', { ledger: fileLedger(path) });
      expect(await second.run).toEqual({ batches: 6, skipped: 4, attempts: 6 });
      expectExactlyOnce(receiver!, 100, 10);
      expect([...receiver!.sends().values()].every((n) => n === 1)).toBe(true);
      figures.push(`resume: ${receiver!.requests.length} POSTs for 10 batches (4 before the crash, 6 after), ${receiver!.duplicates} duplicates`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('retries a 500 with backoff and then succeeds', async () => {
    const { run, waits, receiver: r } = await deliver(30, firstTime({ status: 500, body: 'oops' }));
    expect(await run).toEqual({ batches: 3, skipped: 0, attempts: 4 });
    expect(waits).toEqual([375]);
    expectExactlyOnce(r, 30, 10);
    figures.push(`500 then ok: ${r.requests.length} POSTs for 3 batches, ${r.duplicates} duplicates`);
  });

  it('retries a 408 (the receiver timed out reading the batch): only other 4xx fail for good', async () => {
    const { run, receiver: r } = await deliver(30, firstTime({ status: 408, body: 'request timeout' }));
    expect(await run).toEqual({ batches: 3, skipped: 0, attempts: 4 });
    expectExactlyOnce(r, 30, 10);
  });

  it('honours Retry-After on a 429, in seconds or as an HTTP date', async () => {
    const date = new Date(Date.now() + 2000).toUTCString();
    const answers: ReceiverAction[] = [{ status: 429, headers: { 'retry-after': '1' } }, { status: 429, headers: { 'retry-after': date } }];
    const { run, waits, receiver: r } = await deliver(20, (req) => (req.n <= 2 ? answers[req.n - 1] : 'ok'));
    expect(await run).toMatchObject({ batches: 2, attempts: 4 });
    expect(waits[0]).toBe(1000);
    expect(waits[1]).toBeGreaterThan(0);
    expect(waits[1]).toBeLessThanOrEqual(2000);
    expectExactlyOnce(r, 20, 10);
  });

  it('times out a receiver that hangs and retries', async () => {
    const { run, receiver: r, started } = await deliver(30, firstTime('hang'), { timeoutMs: 150 });
    expect(await run).toMatchObject({ batches: 3, attempts: 4 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expectExactlyOnce(r, 30, 10);
    figures.push(`hang: ${r.requests.length} POSTs for 3 batches, ${r.duplicates} duplicates`);
  });

  it('retries a reset connection', async () => {
    const { run, receiver: r } = await deliver(30, firstTime('reset'));
    expect(await run).toMatchObject({ batches: 3, attempts: 4 });
    expectExactlyOnce(r, 30, 10);
  });

  it('re-sends a batch whose answer was lost, and the receiver applies it once', async () => {
    const { run, receiver: r } = await deliver(50, firstTime('apply-then-drop', (req) => req.batch % 2 === 0));
    expect(await run).toMatchObject({ batches: 5, attempts: 7 });
    expectExactlyOnce(r, 50, 10);
    expect(r.duplicates).toBe(2);
    expect(r.sends().get('run1:out:2')).toBe(2);
    figures.push(`dropped answers: ${r.requests.length} POSTs for 5 batches, ${r.duplicates} duplicates seen and not applied`);
  });

  it('never retries another 4xx and says why it failed', async () => {
    const { run, ledger, receiver: r } = await deliver(30, firstTime({ status: 422, body: '{"error": "rows must be non-empty"}' }));
    await expect(run).rejects.toThrow(/Webhook batch 2\/3 of segment "vip" was not delivered: the receiver answered 422: \{"error": "rows must be non-empty"\} \(not retried\)/);
    expect(r.requests).toHaveLength(2);
    expect(await ledger.delivered('run1:out:1')).toBe(true);
    expect(await ledger.delivered('run1:out:2')).toBe(false);
  });

  it('does not follow a redirect', async () => {
    const { run, receiver: r } = await deliver(10, () => ({ status: 302, headers: { location: 'http://169.254.169.254/' } }));
    await expect(run).rejects.toThrow(/answered 302 \(a redirect to http:\/\/169\.254\.169\.254\/\); redirects are not followed/);
    expect(r.requests).toHaveLength(1);
  });

  it('gives up with a clear error when retries run out', async () => {
    const { run, waits, receiver: r } = await deliver(30, () => ({ status: 503, body: 'maintenance' }), { maxAttempts: 3 });
    await expect(run).rejects.toThrow('Webhook batch 1/3 of segment "vip" was not delivered after 3 attempts: the receiver answered 503: maintenance.');
    expect(r.requests).toHaveLength(3);
    expect(waits).toEqual([375, 750]);
    figures.push(`exhausted: ${r.requests.length} POSTs, then a clear failure`);
  });

  it('stops at once when the run is cancelled mid-request', async () => {
    const cancel = new AbortController();
    const { run, receiver: r } = await deliver(30, () => 'hang', { timeoutMs: 60_000, ctx: { signal: cancel.signal } });
    setTimeout(() => cancel.abort(new Error('cancelled by user')), 50);
    await expect(run).rejects.toThrow('cancelled by user');
    expect(r.requests).toHaveLength(1);
  });
});

describe('webhook address checks (SSRF)', () => {
  const ctx = (allow = {}) => ({ runId: 'run1', nodeId: 'out', segmentName: 'vip', ledger: memoryLedger(), allow, sleep: async () => undefined });

  it.each([
    ['http://10.0.0.1/hook', /"10\.0\.0\.1" resolves to a private address/],
    ['http://169.254.169.254/latest/meta-data', /link-local address/],
  ])('refuses %s before opening any socket', async (url, message) => {
    // Replaced, not wrapped: even a bug here could not send a packet off this machine.
    const connect = vi.spyOn(net.Socket.prototype, 'connect').mockImplementation(() => {
      throw new Error('a socket was opened');
    });
    try {
      await expect(deliverWebhook(segment(3), { type: 'webhook', url }, ctx())).rejects.toThrow(message);
      expect(connect).not.toHaveBeenCalled();
    } finally {
      connect.mockRestore();
    }
  });

  it('would notice a socket being opened (the check above is not vacuous)', async () => {
    receiver = await startReceiver();
    const connect = vi.spyOn(net.Socket.prototype, 'connect').mockImplementation(() => {
      throw new Error('a socket was opened');
    });
    try {
      await expect(deliverWebhook(segment(3), { type: 'webhook', url: receiver.url }, ctx(ALLOW_LOOPBACK))).rejects.toThrow('a socket was opened');
    } finally {
      connect.mockRestore();
    }
  });

  it('refuses loopback by IPv4-mapped IPv6 address and by name, without connecting', async () => {
    receiver = await startReceiver();
    for (const host of ['[::ffff:127.0.0.1]', '[::ffff:7f00:1]', 'localhost', '127.0.0.1']) {
      const run = deliverWebhook(segment(3), { type: 'webhook', url: `http://${host}:${receiver.port}/hook` }, ctx());
      await expect(run).rejects.toThrow(/loopback address.*not retried/);
    }
    expect(receiver.connections).toBe(0);
    figures.push(`SSRF: 6 refused URLs (2 before any socket, 4 loopback forms), ${receiver.connections} connections made`);
  });

  it('connects to a name only through the addresses the allow list permits', async () => {
    receiver = await startReceiver();
    const result = await deliverWebhook(segment(3), { type: 'webhook', url: `http://localhost:${receiver.port}/hook` }, ctx(ALLOW_LOOPBACK));
    expect(result.batches).toBe(1);
    await deliverWebhook(segment(3), { type: 'webhook', url: `http://LOCALHOST:${receiver.port}/hook` }, { ...ctx({ hosts: ['localhost'] }), runId: 'run2' });
    expect(receiver.applied.size).toBe(2);
  });
});
