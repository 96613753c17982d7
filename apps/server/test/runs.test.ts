import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { initialRunState, reduceRunEvent, type RunEvent } from '@segflow/engine';
import { example, readRunEvents, startServer, waitForRun, WINBACK_AS_OF } from './helpers.ts';

const keep: string[] = [];
afterAll(() => keep.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('the run queue', () => {
  it('makes runs beyond the concurrency wait, says so, and lets a queued run be cancelled', async () => {
    const server = await startServer({ maxConcurrentRuns: 1 });
    try {
      const { body: created } = await server.request('POST', '/api/workflows', { document: example('winback.json') });
      const start = () => server.request('POST', `/api/workflows/${created.id}/runs`, { asOf: WINBACK_AS_OF, mode: 'sequential' });
      const first = (await start()).body;
      const second = (await start()).body;
      const third = (await start()).body;
      expect(first.status).toBe('running');
      expect(second).toMatchObject({ status: 'queued', queuePosition: 1 });
      expect(third).toMatchObject({ status: 'queued', queuePosition: 2 });
      expect((await server.request('GET', `/api/runs/${third.runId}`)).body).toMatchObject({ status: 'queued', queuePosition: 2 });
      expect((await server.request('GET', '/api/health')).body.runs).toEqual({ running: 1, queued: 2 });

      expect((await server.request('POST', `/api/runs/${second.runId}/cancel`)).body.status).toBe('cancelled');
      const cancelled = await readRunEvents(`${server.url}/api/runs/${second.runId}/events`);
      expect(cancelled.events).toEqual([expect.objectContaining({ type: 'run-finished', status: 'cancelled', seq: 1 })]);
      expect((await server.request('GET', `/api/runs/${third.runId}`)).body.queuePosition).toBe(1);

      expect((await waitForRun(server, first.runId)).status).toBe('succeeded');
      expect((await waitForRun(server, third.runId)).status).toBe('succeeded');
      expect((await server.request('POST', `/api/runs/${third.runId}/cancel`)).status).toBe(409);
    } finally {
      await server.close();
    }
  });

  it('cancels a running run', async () => {
    const server = await startServer();
    try {
      const { body: created } = await server.request('POST', '/api/workflows', { document: example('winback.json') });
      const { body } = await server.request('POST', `/api/workflows/${created.id}/runs`, { asOf: WINBACK_AS_OF, mode: 'sequential' });
      expect((await server.request('POST', `/api/runs/${body.runId}/cancel`)).body.status).toBe('cancelling');
      const run = await waitForRun(server, body.runId);
      expect(run.status).toBe('cancelled');
    } finally {
      await server.close();
    }
  });

  it('stops the runs of a deleted workflow and removes their files', async () => {
    const server = await startServer();
    try {
      const { body: created } = await server.request('POST', '/api/workflows', { document: example('winback.json') });
      const { body } = await server.request('POST', `/api/workflows/${created.id}/runs`, { asOf: WINBACK_AS_OF, mode: 'parallel', partitions: 4 });
      const following = readRunEvents(`${server.url}/api/runs/${body.runId}/events`);
      expect((await server.request('DELETE', `/api/workflows/${created.id}`)).status).toBe(204);
      expect((await following).events.at(-1)).toMatchObject({ type: 'run-finished' });
      expect(existsSync(join(server.dataDir, 'outputs', body.runId))).toBe(false);
      expect((await server.request('GET', `/api/runs/${body.runId}`)).status).toBe(404);
      expect((await server.request('GET', '/api/health')).body.runs).toEqual({ running: 0, queued: 0 });
    } finally {
      await server.close();
    }
  });

  it('keeps files and events of the newest runs only', async () => {
    const server = await startServer({ retainRuns: 1 });
    try {
      const { body: created } = await server.request('POST', '/api/workflows', { document: example('winback.json') });
      const run = async () => {
        const { body } = await server.request('POST', `/api/workflows/${created.id}/runs`, { asOf: WINBACK_AS_OF, mode: 'sequential' });
        return waitForRun(server, body.runId);
      };
      const old = await run();
      const newer = await run();
      expect(existsSync(join(server.dataDir, 'outputs', old.id))).toBe(false);
      expect(existsSync(join(server.dataDir, newer.segments.winback.path))).toBe(true);
      const pruned = (await server.request('GET', `/api/runs/${old.id}`)).body;
      expect(pruned.prunedAt).toEqual(expect.any(String));
      expect(pruned.segments.winback).toEqual({ count: 1927, path: expect.any(String) });
      expect((await server.request('GET', `/api/runs/${old.id}/events`)).status).toBe(410);
      expect((await server.request('GET', `/api/runs/${old.id}/segments/winback.csv`)).status).toBe(410);
    } finally {
      await server.close();
    }
  });

  it('resumes runs a stop left unfinished on the next start, numbering its events on, and ends their streams', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'segflow-restart-'));
    keep.push(dataDir);
    const before = await startServer({}, dataDir);
    const { body: created } = await before.request('POST', '/api/workflows', { document: example('winback.json') });
    // A run row as a crash leaves it: running, its events cut short.
    const stale = before.segflow.context.runs.create({ workflowId: created.id, version: null, mode: 'sequential', partitions: 1, asOf: WINBACK_AS_OF, document: created.document });
    const { runs } = before.segflow.context;
    runs.markStarted(stale.id);
    const at = new Date().toISOString();
    const nodes = Object.fromEntries(created.document.nodes.map((n: { id: string }) => [n.id, 1]));
    let state = initialRunState(stale.id);
    for (const event of [
      { type: 'run-started', seq: 1, at, runId: stale.id, mode: 'sequential', partitions: 1, asOf: WINBACK_AS_OF, nodes, stages: [] },
      { type: 'node-started', seq: 2, at, nodeId: 'customers' },
    ] as RunEvent[]) {
      state = reduceRunEvent(state, event);
      runs.append(stale.id, event, state);
    }
    await before.segflow.close();

    const after = await startServer({}, dataDir);
    try {
      const stream = await readRunEvents(`${after.url}/api/runs/${stale.id}/events`);
      expect(stream.ids).toEqual(stream.ids.map((_, i) => i + 1));
      expect(stream.events.slice(0, 3).map((e) => e.type)).toEqual(['run-started', 'node-started', 'run-resumed']);
      expect(stream.events.at(-1)).toMatchObject({ type: 'run-finished', status: 'succeeded', segments: { winback: { count: 1927 } } });
      const run = await waitForRun(after, stale.id);
      expect(run).toMatchObject({ status: 'succeeded', note: null, nodes: { customers: { status: 'succeeded' }, out_winback: { status: 'succeeded' } } });
    } finally {
      await after.close();
    }
  });
});
