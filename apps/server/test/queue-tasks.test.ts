import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver } from '../../../packages/engine/test/destinations/receiver.ts';
import { startRunWorker } from '../src/queue/run-worker.ts';
import { readTaskLog } from '@segflow/engine/node';
import { example, startServer, waitForRun, WINBACK_AS_OF, type TestServer } from './helpers.ts';
import { startRedis, type Redis } from './redis.ts';
import { startWorkerProcess, stopProcess } from './faults/worker-faults.ts';
import { taskFolder } from '../src/queue/task-queue.ts';
import { dataPaths } from '../src/services/data-paths.ts';

let redis: Redis;
const cleanup: (() => unknown)[] = [];
beforeAll(() => {
  redis = startRedis();
});
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
  redis?.stop();
});

async function runWinback(server: TestServer, mode: string, partitions: number) {
  const { body: created } = await server.request('POST', '/api/workflows', { document: example('winback.json') });
  const started = await server.request('POST', `/api/workflows/${created.id}/runs`, { asOf: WINBACK_AS_OF, mode, partitions });
  expect(started.status).toBe(202);
  const run = await waitForRun(server, started.body.runId, 60_000);
  expect(run.status).toBe('succeeded');
  return run;
}

const segmentText = (server: TestServer, run: { segments: Record<string, { path: string }> }) =>
  Object.fromEntries(Object.entries(run.segments).map(([name, s]) => [name, readFileSync(join(server.dataDir, s.path), 'utf8')]));

describe('queue mode: workers take each task of a run', () => {
  it.each([['hybrid', 4], ['parallel', 3]] as const)('spreads a %s run over two workers of concurrency 1, each step once, the same segments as in process', async (mode, partitions) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'segflow-tasks-'));
    const server = await startServer({ redisUrl: `${redis.url}/${mode === 'hybrid' ? 1 : 2}` }, dataDir);
    cleanup.push(server.close);
    const pool = await Promise.all([1, 2].map(() => startWorkerProcess(dataDir, server.segflow.context.config.redisUrl!)));
    cleanup.push(() => Promise.all(pool.map(stopProcess)));
    const embedded = await startServer();
    cleanup.push(embedded.close);

    const [queued, inProcess] = await Promise.all([runWinback(server, mode, partitions), runWinback(embedded, mode, partitions)]);
    expect(segmentText(server, queued)).toEqual(segmentText(embedded, inProcess));
    expect(queued.segments.winback.count).toBe(1927);

    const log = readTaskLog(taskFolder(dataPaths(dataDir), queued.id));
    const finished = log.filter((l) => l.event === 'finished');
    // Every step of the plan ran once, as its own job: 2 sources, the rest per partition or once.
    expect(new Set(finished.map((l) => l.step)).size).toBe(finished.length);
    expect(finished.length).toBeGreaterThan(partitions * 2);
    expect(log.filter((l) => l.event === 'started')).toHaveLength(finished.length);
    // Both workers executed tasks (each names itself host:pid).
    const names = new Set(finished.map((l) => l.worker));
    expect([...names].map((name) => Number(name.split(':').pop())).sort()).toEqual(pool.map((w) => w.pid).sort());
  }, 120_000);

  it('retries a partial run without executing again any step it finished: only the failed one runs, and no batch is sent twice', async () => {
    // The receiver refuses the first batch for good: the webhook step fails, the others finish.
    let refuse = true;
    const receiver = await startReceiver(() => (refuse ? { status: 400, body: 'no' } : 'ok'));
    cleanup.push(receiver.close);
    const loopback = { cidrs: ['127.0.0.1/32'] };
    const server = await startServer({ redisUrl: `${redis.url}/3`, webhookAllowList: loopback });
    cleanup.push(server.close);
    const worker = await startRunWorker({ redisUrl: `${redis.url}/3`, dataDir: server.dataDir, concurrency: 1, lockMs: 10_000, retainRuns: 20, logger: pino({ level: 'silent' }), webhookAllowList: loopback });
    cleanup.push(worker.close);
    const document = structuredClone(example('winback.json'));
    document.nodes.push({ id: 'out_hook', kind: 'output', retry: { attempts: 1 }, config: { segment: 'winback_hook', destination: { type: 'webhook', url: receiver.url, batchSize: 500, timeoutMs: 2000 } } });
    document.edges.push({ source: 'x', target: 'out_hook' });
    const { body: created } = await server.request('POST', '/api/workflows', { document });
    expect((await server.request('POST', `/api/workflows/${created.id}/publish`, {})).status).toBe(201);
    const started = await server.request('POST', `/api/workflows/${created.id}/runs`, { asOf: WINBACK_AS_OF, version: 1, mode: 'hybrid', partitions: 2 });
    const runId = started.body.runId as string;
    expect(await waitForRun(server, runId, 60_000)).toMatchObject({ status: 'partial', segments: { winback: { count: 1927 } } });
    const folder = taskFolder(dataPaths(server.dataDir), runId);
    const before = readTaskLog(folder);
    expect(before.filter((l) => l.event === 'failed').map((l) => l.step)).toEqual(['out_hook.all']);

    refuse = false;
    expect((await server.request('POST', `/api/runs/${runId}/retry`, {})).status).toBe(202);
    expect(await waitForRun(server, runId, 60_000)).toMatchObject({ status: 'succeeded', segments: { winback_hook: { count: 1927 } } });
    const after = readTaskLog(folder).slice(before.length);
    expect(after.map((l) => `${l.step} ${l.event}`)).toEqual(['out_hook.all started', 'out_hook.all finished']);
    expect(receiver.applied.size).toBe(4);
    expect(receiver.duplicates).toBe(0);
  }, 120_000);
});
