import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver } from '../../../packages/engine/test/destinations/receiver.ts';
import { startRunWorker, type RunWorker } from '../src/queue/run-worker.ts';
import { PREVIEW_QUEUE, redisConnection, RUN_QUEUE } from '../src/queue/redis-connection.ts';
import { example, readRunEvents, startServer, waitForRun, WINBACK_AS_OF, type TestServer } from './helpers.ts';
import { startRedis, type Redis } from './redis.ts';
import type { AppConfig } from '../src/config.ts';
import { manualClock } from '../src/services/schedules/clock.ts';
import { eventually, publishedWinback } from './operate-server.ts';
import { startWorkerProcess, stopProcess } from './faults/worker-faults.ts';

const LOOPBACK = { cidrs: ['127.0.0.1/32'] };
let redis: Redis;
const cleanup: (() => unknown)[] = [];
beforeAll(() => {
  redis = startRedis();
});
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
  redis?.stop();
});

const worker = async (server: TestServer, lockMs = 10_000): Promise<RunWorker> => {
  const started = await startRunWorker({ redisUrl: server.segflow.context.config.redisUrl!, dataDir: server.dataDir, concurrency: 1, lockMs, retainRuns: 20, logger: pino({ level: 'silent' }), webhookAllowList: LOOPBACK });
  cleanup.push(started.close);
  return started;
};

/** Queue-mode servers on one data folder, each with its own Redis database so the tests do not see each other's jobs. */
async function queueServers(db: number, count = 1, config: Partial<AppConfig> = {}): Promise<TestServer[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'segflow-queue-'));
  const servers: TestServer[] = [];
  for (let i = 0; i < count; i++) servers.push(await startServer({ redisUrl: `${redis.url}/${db}`, webhookAllowList: LOOPBACK, ...config }, dataDir));
  // Closed in reverse: the first server removes the folder.
  cleanup.push(...servers.map((s, i) => (i ? () => s.segflow.close() : s.close)));
  return servers;
}

function winbackWithWebhook(url: string) {
  const document = structuredClone(example('winback.json'));
  document.nodes.push({ id: 'out_hook', kind: 'output', config: { segment: 'winback_hook', destination: { type: 'webhook', url, batchSize: 200, timeoutMs: 2000 } } });
  document.edges.push({ source: 'x', target: 'out_hook' });
  return document;
}

async function publishedRun(server: TestServer, document: unknown) {
  const { body: created } = await server.request('POST', '/api/workflows', { document });
  expect((await server.request('POST', `/api/workflows/${created.id}/publish`, {})).status).toBe(201);
  const started = await server.request('POST', `/api/workflows/${created.id}/runs`, { asOf: WINBACK_AS_OF, version: 1, mode: 'parallel', partitions: 2 });
  expect(started.status).toBe(202);
  return started.body.runId as string;
}

describe('queue mode (SEGFLOW_REDIS_URL)', () => {
  it('leaves runs to workers: a run waits in the queue until a worker takes it, and its events stream from another server', async () => {
    const receiver = await startReceiver(() => 'ok');
    cleanup.push(receiver.close);
    const [a, b] = await queueServers(1, 2);
    const runId = await publishedRun(a, winbackWithWebhook(receiver.url));

    // No worker yet: the server computes nothing, the job waits in Redis.
    const queue = new Queue(RUN_QUEUE, { connection: redisConnection(`${redis.url}/1`) });
    cleanup.push(() => queue.close());
    expect(await queue.getJob(runId)).toBeTruthy();
    expect((await a.request('GET', `/api/runs/${runId}`)).body.status).toBe('queued');

    // Followed live from the second server, which neither queued nor ran it.
    const following = readRunEvents(`${b.url}/api/runs/${runId}/events`, { headers: a.headers });
    await worker(a);
    const { events } = await following;
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'succeeded', segments: { winback: { count: 1927 }, winback_hook: { count: 1927 } } });
    expect(receiver.applied.size).toBe(10);
    expect((await a.request('GET', `/api/runs/${runId}`)).body).toMatchObject({ status: 'succeeded', segments: { winback: { count: 1927 } } });
    expect(await queue.getJob(runId)).toBeFalsy();
  });

  it('runs two runs of one workflow on two worker processes at once', async () => {
    const [server] = await queueServers(3);
    // Processes, not in-process workers: DuckDB refuses a file another process has open, not one this process has.
    const pool = await Promise.all([1, 2].map(() => startWorkerProcess(server.dataDir, server.segflow.context.config.redisUrl!)));
    cleanup.push(() => Promise.all(pool.map(stopProcess)));
    const { body: created } = await server.request('POST', '/api/workflows', { document: example('winback.json') });
    const start = () => server.request('POST', `/api/workflows/${created.id}/runs`, { asOf: WINBACK_AS_OF, mode: 'parallel', partitions: 2 });
    const runIds = (await Promise.all([start(), start()])).map((r) => r.body.runId as string);
    const finished = await Promise.all(runIds.map((id) => waitForRun(server, id)));
    for (const run of finished) expect(run).toMatchObject({ status: 'succeeded', segments: { winback: { count: 1927 } } });
  });

  it('computes previews on a worker: the same counts, member rows, breakdowns and overlaps as a server computing them itself', async () => {
    const [queued] = await queueServers(4);
    await worker(queued);
    const embedded = await startServer();
    cleanup.push(embedded.close);
    const ask = async (server: TestServer, path: string, body: unknown) => {
      const { body: created } = await server.request('POST', '/api/workflows', { document: example('winback.json') });
      const answer = await server.request('POST', `/api/workflows/${created.id}${path}`, body);
      expect(answer.status).toBe(200);
      return answer.body;
    };
    const asked = [
      ['/preview', { asOf: WINBACK_AS_OF }],
      ['/preview/x/rows', { asOf: WINBACK_AS_OF, limit: 5 }],
      ['/preview/x/breakdown', { asOf: WINBACK_AS_OF, column: 'spend' }],
      ['/preview/overlap', { asOf: WINBACK_AS_OF, nodes: ['loyal', 'big', 'recent'] }],
    ] as const;
    for (const [path, body] of asked) {
      const [fromWorker, fromServer] = await Promise.all([ask(queued, path, body), ask(embedded, path, body)]);
      expect(fromWorker).toEqual(fromServer);
    }
    expect((await ask(queued, '/preview', { asOf: WINBACK_AS_OF })).counts.x).toMatchObject({ rows: 1927, kind: 'exact' });
    // The worker answered them, through the queue.
    const previews = new Queue(PREVIEW_QUEUE, { connection: redisConnection(queued.segflow.context.config.redisUrl!) });
    cleanup.push(() => previews.close());
    expect(await previews.getCompletedCount()).toBe(asked.length + 1);
  });

  it('fires a schedule once across two servers, and the other server takes over when one stops', async () => {
    const clock = manualClock('2022-06-30T09:00:30Z');
    const [a, b] = await queueServers(5, 2, { clock });
    await worker(a);
    const workflowId = await publishedWinback(a);
    const schedule = (await a.request('POST', `/api/workflows/${workflowId}/schedules`, { cron: '0 * * * *', timezone: 'UTC', version: 1 })).body;
    const runs = async (n: number) => {
      const list = await eventually(async () => {
        const { body } = await b.request('GET', `/api/workflows/${workflowId}/runs`);
        return body.runs.length >= n && body.runs;
      }, `${n} runs`);
      for (const run of list) expect(await waitForRun(b, run.id)).toMatchObject({ status: 'succeeded', version: 1 });
      return list.length;
    };

    // Both servers look at the schedule at 10:00; one run starts.
    await clock.advance(60 * 60_000);
    expect(await runs(1)).toBe(1);
    // The first server stops: the second fires 11:00 on its own (it wakes every minute to see schedules others made).
    await a.segflow.close();
    await clock.advance(60 * 60_000);
    expect(await runs(2)).toBe(2);
    expect((await b.request('GET', `/api/schedules/${schedule.id}`)).body.firings.map((f: { outcome: string }) => f.outcome)).toEqual(['started', 'started']);
  });

  it('hands the run of a worker that stops on to another worker, which resumes it without sending a batch twice', async () => {
    // The first POST hangs until the first worker has stopped: the run is surely its, and mid-way.
    let posts = 0;
    const receiver = await startReceiver(() => (++posts === 2 ? 'hang' : 'ok'));
    cleanup.push(receiver.close);
    const [server] = await queueServers(6);
    const first = await worker(server);
    const runId = await publishedRun(server, winbackWithWebhook(receiver.url));
    await eventually(async () => posts >= 2, 'the second webhook POST');
    await first.close();
    await worker(server);
    const run = await waitForRun(server, runId);
    expect(run).toMatchObject({ status: 'succeeded', segments: { winback_hook: { count: 1927 } } });
    const { events } = await readRunEvents(`${server.url}/api/runs/${runId}/events`);
    expect(events.filter((e) => e.type === 'run-resumed')).toHaveLength(1);
    expect(receiver.applied.size).toBe(10);
    expect(receiver.duplicates).toBe(0);
  });

  it('cancels a run a worker is executing, from any server', async () => {
    // The receiver never answers: the run is surely running when the cancel comes.
    const receiver = await startReceiver(() => 'hang');
    cleanup.push(receiver.close);
    const [a, b] = await queueServers(2, 2);
    await worker(a);
    const runId = await publishedRun(a, winbackWithWebhook(receiver.url));
    await readRunEvents(`${a.url}/api/runs/${runId}/events`, { stopAfter: 2 });
    expect((await b.request('POST', `/api/runs/${runId}/cancel`)).body.status).toBe('cancelling');
    expect(await waitForRun(a, runId)).toMatchObject({ status: 'cancelled' });
  });
});
