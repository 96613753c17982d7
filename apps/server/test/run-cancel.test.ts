import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runWorkflow } from '@segflow/engine/node';
import { startHostilePeer, type HostilePeer } from '../../../packages/engine/test/destinations/hostile-peer.ts';
import { example, readRunEvents, startServer, waitForRun, WINBACK_AS_OF, type TestServer } from './helpers.ts';

const LOOPBACK = { cidrs: ['127.0.0.1/32'] };
/** The run's database connect deadline is 15 s: a run that ends well before it was ended by its cancel. */
const WELL_BEFORE_THE_DEADLINE_MS = 8_000;

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function silentPeer(): Promise<HostilePeer> {
  const peer = await startHostilePeer('silent');
  cleanup.push(peer.close);
  return peer;
}

/** Winback with a second output of the segment to a PostgreSQL table at `url`; the node is not retried. */
function winbackWithDatabase(url: string) {
  const document = structuredClone(example('winback.json'));
  document.nodes.push({ id: 'out_db', kind: 'output', retry: { attempts: 1 }, config: { segment: 'winback_db', destination: { type: 'postgres', connection: url, table: 'winback' } } });
  document.edges.push({ source: 'x', target: 'out_db' });
  return document;
}

/** Publishes the document and runs version 1; resolves once the run is talking to the peer. */
async function runStuckOn(server: TestServer, peer: HostilePeer) {
  const { body: created } = await server.request('POST', '/api/workflows', { document: winbackWithDatabase(peer.url) });
  expect((await server.request('POST', `/api/workflows/${created.id}/publish`, {})).status).toBe(201);
  const before = peer.accepted();
  const started = await server.request('POST', `/api/workflows/${created.id}/runs`, { asOf: WINBACK_AS_OF, version: 1 });
  expect(started.status).toBe(202);
  await expect.poll(() => peer.accepted(), { timeout: 20_000 }).toBe(before + 1);
  return { workflowId: created.id as string, runId: started.body.runId as string };
}

async function draftRun(server: TestServer) {
  const { body: created } = await server.request('POST', '/api/workflows', { document: example('winback.json') });
  const { body } = await server.request('POST', `/api/workflows/${created.id}/runs`, { asOf: WINBACK_AS_OF });
  return body as { runId: string; status: string };
}

describe('cancelling a run stuck on a database that never answers', () => {
  it('ends it cancelled at once, tells its followers, drops the connection and gives its slot to the next run', async () => {
    const peer = await silentPeer();
    const server = await startServer({ webhookAllowList: LOOPBACK, maxConcurrentRuns: 1 });
    cleanup.push(server.close);
    const { runId } = await runStuckOn(server, peer);
    const next = await draftRun(server);
    expect(next.status).toBe('queued');
    const followed = readRunEvents(`${server.url}/api/runs/${runId}/events`);

    expect((await server.request('POST', `/api/runs/${runId}/cancel`)).status).toBe(202);
    const run = await waitForRun(server, runId, WELL_BEFORE_THE_DEADLINE_MS);
    expect(run.status).toBe('cancelled');
    expect(run.nodes.out_db.status).toBe('failed');
    expect((await followed).events.at(-1)).toMatchObject({ type: 'run-finished', status: 'cancelled' });
    await expect.poll(() => peer.open()).toBe(0);
    expect((await waitForRun(server, next.runId)).status).toBe('succeeded');
  }, 60_000);

  it('deletes its workflow without hanging', async () => {
    const peer = await silentPeer();
    const server = await startServer({ webhookAllowList: LOOPBACK });
    cleanup.push(server.close);
    const { workflowId, runId } = await runStuckOn(server, peer);
    const deleted = await server.request('DELETE', `/api/workflows/${workflowId}`);
    expect(deleted.status).toBe(204);
    expect((await server.request('GET', `/api/runs/${runId}`)).status).toBe(404);
    await expect.poll(() => peer.open()).toBe(0);
  }, 60_000);

  it('ends the run even when its engine no longer hears the cancel, and frees its slot', async () => {
    const peer = await silentPeer();
    let engine: Promise<unknown> = Promise.resolve();
    // The real engine, deaf to the cancel: it stays on the peer until the connect deadline.
    const deaf: typeof runWorkflow = (document, options) => (engine = runWorkflow(document, { ...options, signal: undefined }));
    const server = await startServer({ webhookAllowList: LOOPBACK, maxConcurrentRuns: 1, cancelGraceMs: 300, runEngine: deaf });
    cleanup.push(server.close, () => engine);
    const { runId } = await runStuckOn(server, peer);
    const next = await draftRun(server);
    const followed = readRunEvents(`${server.url}/api/runs/${runId}/events`);

    expect((await server.request('POST', `/api/runs/${runId}/cancel`)).status).toBe(202);
    const run = await waitForRun(server, runId, WELL_BEFORE_THE_DEADLINE_MS);
    expect(run).toMatchObject({ status: 'cancelled', note: expect.stringMatching(/did not stop in time/) });
    expect((await followed).events.at(-1)).toMatchObject({ type: 'run-finished', status: 'cancelled' });
    expect((await waitForRun(server, next.runId, WELL_BEFORE_THE_DEADLINE_MS)).status).toBe('succeeded');
    // The engine letting go later changes nothing.
    await peer.close();
    await engine;
    expect((await server.request('GET', `/api/runs/${runId}`)).body).toMatchObject({ status: 'cancelled', lastSeq: run.lastSeq });
  }, 60_000);

  it('keeps a cancel made right before a stop: the next start ends the run cancelled instead of resuming it', async () => {
    const peer = await silentPeer();
    const dataDir = mkdtempSync(join(tmpdir(), 'segflow-cancel-'));
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const before = await startServer({ webhookAllowList: LOOPBACK }, dataDir);
    const { runId } = await runStuckOn(before, peer);
    // The stop comes before the engine could record the end (as a SIGTERM right after the cancel would).
    expect(before.segflow.context.runService.cancel(runId)).toBe('cancelling');
    await before.segflow.close();

    const after = await startServer({ webhookAllowList: LOOPBACK }, dataDir);
    cleanup.push(after.close);
    const run = await waitForRun(after, runId, WELL_BEFORE_THE_DEADLINE_MS);
    // Still open at the stop, ended by the next start, and never sent to the database again.
    expect(run).toMatchObject({ status: 'cancelled', note: expect.stringMatching(/server stopped/) });
    expect(peer.accepted()).toBe(1);
    const { events } = await readRunEvents(`${after.url}/api/runs/${runId}/events`);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.some((e) => e.type === 'run-resumed')).toBe(false);
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'cancelled' });
  }, 60_000);
});
