import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '@segflow/engine';
import { startReceiver, type ReceiverAction } from '../../../packages/engine/test/destinations/receiver.ts';
import { example, readRunEvents, startServer, waitForRun, WINBACK_AS_OF, type TestServer } from './helpers.ts';

const LOOPBACK = { cidrs: ['127.0.0.1/32'] };
const cleanup: (() => unknown)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

/** Winback with a second output of the same segment to a webhook; the node is not retried, so a 4xx fails at once. */
function winbackWithWebhook(url: string) {
  const document = structuredClone(example('winback.json'));
  document.nodes.push({
    id: 'out_hook', kind: 'output', retry: { attempts: 1 },
    config: { segment: 'winback_hook', destination: { type: 'webhook', url, batchSize: 200, timeoutMs: 2000, maxAttempts: 2 } },
  });
  document.edges.push({ source: 'x', target: 'out_hook' });
  return document;
}

async function publishedRun(server: TestServer, document: unknown, body: Record<string, unknown> = {}) {
  const { body: created } = await server.request('POST', '/api/workflows', { document });
  expect((await server.request('POST', `/api/workflows/${created.id}/publish`, {})).status).toBe(201);
  const started = await server.request('POST', `/api/workflows/${created.id}/runs`, { asOf: WINBACK_AS_OF, version: 1, mode: 'parallel', partitions: 2, ...body });
  expect(started.status).toBe(202);
  return { workflowId: created.id as string, runId: started.body.runId as string };
}

/** Every event of a run, from a stream opened after it finished. */
const allEvents = async (server: TestServer, runId: string) => (await readRunEvents(`${server.url}/api/runs/${runId}/events`)).events;

/** Nodes started after the last run-resumed event. */
function startedAfterResume(events: RunEvent[]) {
  const resumed = events.findLastIndex((e) => e.type === 'run-resumed');
  return new Set(events.slice(resumed + 1).flatMap((e) => (e.type === 'node-started' ? [e.nodeId] : [])));
}

describe('retrying a run', () => {
  it('reruns only the failed branch of a partial run, never re-sending a delivered batch, then refuses a second retry', async () => {
    let answer: ReceiverAction = { status: 400, body: 'bad request' };
    const receiver = await startReceiver((r) => (r.batch === 5 ? answer : 'ok'));
    cleanup.push(receiver.close);
    const server = await startServer({ webhookAllowList: LOOPBACK });
    cleanup.push(server.close);
    const { workflowId, runId } = await publishedRun(server, winbackWithWebhook(receiver.url));

    const first = await waitForRun(server, runId);
    expect(first).toMatchObject({ status: 'partial', retryable: true, segments: { winback: { count: 1927 } } });
    expect(first.nodes.out_hook).toMatchObject({ status: 'failed', error: expect.stringMatching(/batch 5\/10 .*400.*not retried/) });
    expect(first.nodes.out_winback.status).toBe('succeeded');
    expect(existsSync(join(server.dataDir, first.segments.winback.path))).toBe(true);
    expect(receiver.applied.size).toBe(4);
    // A partial run keeps its node results for the retry.
    expect(existsSync(join(server.dataDir, 'results', `${workflowId}.duckdb`))).toBe(true);

    answer = 'ok';
    const retried = await server.request('POST', `/api/runs/${runId}/retry`);
    expect(retried.status).toBe(202);
    expect(retried.body).toMatchObject({ runId, status: expect.stringMatching(/^(queued|running)$/) });
    expect((await server.request('POST', `/api/runs/${runId}/retry`)).body.error).toMatchObject({ code: 'not_retryable' });

    const second = await waitForRun(server, runId);
    expect(second).toMatchObject({ status: 'succeeded', retryable: false, delivered: 10, segments: { winback: { count: 1927 }, winback_hook: { count: 1927 } } });
    const events = await allEvents(server, runId);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.type === 'run-finished').map((e) => (e as { status: string }).status)).toEqual(['partial', 'succeeded']);
    expect([...startedAfterResume(events)]).toEqual(['out_hook']);
    // Batches 1-4 were in the ledger: only 5-10 were posted again.
    expect([...receiver.sends().entries()].filter(([, n]) => n > 1).map(([key]) => key)).toEqual([`${runId}:out_hook:5`]);
    expect([...receiver.applied.values()].flat()).toHaveLength(1927);

    const again = await server.request('POST', `/api/runs/${runId}/retry`);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'not_retryable', details: { status: 'succeeded' } });
    // Nothing left to resume: the succeeded run's tables are gone, and with them the file.
    await expect.poll(() => existsSync(join(server.dataDir, 'results', `${workflowId}.duckdb`))).toBe(false);
  });

  it('ends partial again, with the failure on the node, when the branch still fails', async () => {
    const receiver = await startReceiver(() => ({ status: 422, body: 'no' }));
    cleanup.push(receiver.close);
    const server = await startServer({ webhookAllowList: LOOPBACK });
    cleanup.push(server.close);
    const { runId } = await publishedRun(server, winbackWithWebhook(receiver.url));
    expect((await waitForRun(server, runId)).status).toBe('partial');
    expect((await server.request('POST', `/api/runs/${runId}/retry`)).status).toBe(202);
    const run = await waitForRun(server, runId);
    expect(run).toMatchObject({ status: 'partial', retryable: true, nodes: { out_hook: { status: 'failed', error: expect.stringContaining('422') }, out_winback: { status: 'succeeded' } } });
    expect(receiver.requests).toHaveLength(2);
  });

  it('refuses to retry a running or unknown run', async () => {
    const server = await startServer();
    cleanup.push(server.close);
    const { body: created } = await server.request('POST', '/api/workflows', { document: example('winback.json') });
    const { body } = await server.request('POST', `/api/workflows/${created.id}/runs`, { asOf: WINBACK_AS_OF });
    const running = await server.request('POST', `/api/runs/${body.runId}/retry`);
    expect(running.status).toBe(409);
    expect(running.body.error.details.status).toMatch(/^(queued|running)$/);
    expect((await server.request('POST', '/api/runs/run_nope/retry')).status).toBe(404);
    await waitForRun(server, body.runId);
  });
});

describe('resuming after a stop', () => {
  it('picks a run up where the stop left it: finished nodes are not run again and the stream goes on', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'segflow-resume-'));
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const before = await startServer({}, dataDir);
    const { body: created } = await before.request('POST', '/api/workflows', { document: example('winback.json') });
    const { body } = await before.request('POST', `/api/workflows/${created.id}/runs`, { asOf: WINBACK_AS_OF, mode: 'sequential' });
    const seen = await readRunEvents(`${before.url}/api/runs/${body.runId}/events`, { stopAfter: 5 });
    await before.segflow.close();

    const after = await startServer({}, dataDir);
    cleanup.push(after.close);
    const rest = await readRunEvents(`${after.url}/api/runs/${body.runId}/events`, { lastEventId: seen.ids.at(-1) });
    const events = [...seen.events, ...rest.events];
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    const resumed = events.find((e) => e.type === 'run-resumed') as Extract<RunEvent, { type: 'run-resumed' }>;
    expect(resumed.completed).toContain('customers');
    for (const nodeId of startedAfterResume(events)) expect(resumed.completed).not.toContain(nodeId);
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'succeeded', segments: { winback: { count: 1927 } } });
    expect((await waitForRun(after, body.runId)).status).toBe('succeeded');
    await expect.poll(() => readdirSync(join(dataDir, 'results'))).toEqual([]);
  });
});

describe('concurrency', () => {
  it('streams every event exactly once to many subscribers that keep reconnecting', async () => {
    const server = await startServer();
    cleanup.push(server.close);
    const { body: created } = await server.request('POST', '/api/workflows', { document: example('winback.json') });
    const { body } = await server.request('POST', `/api/workflows/${created.id}/runs`, { asOf: WINBACK_AS_OF, mode: 'parallel', partitions: 4 });
    const url = `${server.url}/api/runs/${body.runId}/events`;
    const follow = async (i: number) => {
      const ids: number[] = [];
      for (let hop = 0; ; hop++) {
        // Hang up after 1-4 events, then come back with Last-Event-ID (or ?after=), as a flaky network would.
        const read = await readRunEvents(url, { stopAfter: 1 + ((i + hop) % 4), ...(hop % 2 ? { after: ids.at(-1) ?? 0 } : { lastEventId: ids.at(-1) ?? 0 }) });
        if (read.status === 204) return ids;
        expect(read.status).toBe(200);
        ids.push(...read.ids);
        if (read.events.at(-1)?.type === 'run-finished') return ids;
      }
    };
    const all = await Promise.all(Array.from({ length: 16 }, (_, i) => follow(i)));
    const run = await waitForRun(server, body.runId);
    const expected = Array.from({ length: run.lastSeq }, (_, i) => i + 1);
    for (const ids of all) expect(ids).toEqual(expected);
  });

  it('never lets a cancel that races the end of a run turn a finished run around', async () => {
    const server = await startServer({ maxConcurrentRuns: 3 });
    cleanup.push(server.close);
    const { body: created } = await server.request('POST', '/api/workflows', { document: example('winback.json') });
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const { body } = await server.request('POST', `/api/workflows/${created.id}/runs`, { asOf: WINBACK_AS_OF, mode: 'sequential' });
        await new Promise((r) => setTimeout(r, 150 * i));
        const cancel = await server.request('POST', `/api/runs/${body.runId}/cancel`);
        const run = await waitForRun(server, body.runId);
        const events = await allEvents(server, body.runId);
        return { cancel: cancel.status, status: run.status, finished: events.filter((e) => e.type === 'run-finished').map((e) => (e as { status: string }).status) };
      }),
    );
    for (const o of outcomes) {
      expect(o.finished).toEqual([o.status]);
      expect(o.status).toBe(o.cancel === 202 ? 'cancelled' : 'succeeded');
    }
  });

  it('refuses a second end of a run in the store: once cancelled, a run stays cancelled', async () => {
    const server = await startServer();
    cleanup.push(server.close);
    const { body: created } = await server.request('POST', '/api/workflows', { document: example('winback.json') });
    const { runs } = server.segflow.context;
    const run = runs.create({ workflowId: created.id, version: null, mode: 'sequential', partitions: 1, asOf: WINBACK_AS_OF, document: created.document });
    const at = new Date().toISOString();
    const end = (status: 'cancelled' | 'succeeded'): RunEvent => ({ type: 'run-finished', seq: 1, at, status, segments: {}, ms: 1 });
    expect(runs.append(run.id, end('cancelled'), { ...run.state, status: 'cancelled', lastSeq: 1 })).toBe('stored');
    expect(runs.append(run.id, { ...end('succeeded'), seq: 2 }, { ...run.state, status: 'succeeded', lastSeq: 2 })).toBe('closed');
    expect(runs.markStarted(run.id)).toBe(false);
    expect(runs.get(run.id)).toMatchObject({ status: 'cancelled' });
    expect(runs.events(run.id)).toHaveLength(1);
  });

  it('answers previews while runs go on', async () => {
    const server = await startServer();
    cleanup.push(server.close);
    const { body: created } = await server.request('POST', '/api/workflows', { document: example('winback.json') });
    const runs = await Promise.all([1, 2].map(() => server.request('POST', `/api/workflows/${created.id}/runs`, { asOf: WINBACK_AS_OF, mode: 'parallel', partitions: 2 })));
    const preview = await server.request('POST', `/api/workflows/${created.id}/preview`, { asOf: WINBACK_AS_OF });
    expect(preview.status).toBe(200);
    expect(preview.body.counts.out_winback).toMatchObject({ rows: 1927, exact: true });
    for (const { body } of runs) expect((await waitForRun(server, body.runId)).status).toBe('succeeded');
  });
});

describe('the webhook allow-list', () => {
  it('lets documents reach allow-listed addresses only', async () => {
    const hook = winbackWithWebhook('http://127.0.0.1:9/hook');
    const strict = await startServer();
    cleanup.push(strict.close);
    const refused = (await strict.request('POST', '/api/validate', hook)).body;
    expect(refused.problems).toContainEqual(expect.objectContaining({ code: 'invalid_config', nodeId: 'out_hook', field: 'destination.url' }));
    const allowing = await startServer({ webhookAllowList: LOOPBACK });
    cleanup.push(allowing.close);
    expect((await allowing.request('POST', '/api/validate', hook)).body).toMatchObject({ ok: true, problems: [] });
  });
});
