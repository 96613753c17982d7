import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWorkflow } from '@segflow/engine/node';
import { DATASETS, example, startServer, waitForRun, WINBACK_AS_OF, type TestServer } from './helpers.ts';

describe('counts from the API', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it('equal runWorkflow’s for the same document, node by node (winback = 1927)', async () => {
    const winback = example('winback.json');
    const out = mkdtempSync(join(tmpdir(), 'segflow-direct-'));
    try {
      const direct = await runWorkflow(winback, {
        asOf: WINBACK_AS_OF, mode: 'hybrid', partitions: 2,
        resolvePath: (path, use) => (use === 'read' ? join(DATASETS, path) : join(out, path)),
      });
      const { body: created } = await server.request('POST', '/api/workflows', { document: winback });
      const started = await server.request('POST', `/api/workflows/${created.id}/runs`, { asOf: WINBACK_AS_OF, mode: 'hybrid', partitions: 2 });
      const run = await waitForRun(server, started.body.runId);
      expect(run.segments.winback.count).toBe(1927);
      expect(direct.state!.segments.winback.count).toBe(1927);
      const rows = (nodes: Record<string, { rows: number }>) => Object.fromEntries(Object.entries(nodes).map(([id, n]) => [id, n.rows]));
      expect(rows(run.nodes)).toEqual(rows(direct.state!.nodes));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('compares the three modes on a sample, per stage, with a linear projection', async () => {
    const { body: created } = await server.request('POST', '/api/workflows', { document: example('winback.json') });
    const { status, body } = await server.request('POST', `/api/workflows/${created.id}/compare`, { sample: 0.5, partitions: 2, asOf: WINBACK_AS_OF });
    expect(status).toBe(200);
    expect(body.sample).toBe(0.5);
    expect(Object.keys(body.modes)).toEqual(['sequential', 'parallel', 'hybrid']);
    const sizes = Object.values(body.modes).map((m: any) => m.segments.winback);
    expect(new Set(sizes).size).toBe(1);
    expect(sizes[0]).toBeGreaterThan(700);
    expect(sizes[0]).toBeLessThan(1250);
    for (const mode of ['sequential', 'parallel', 'hybrid']) {
      expect(body.modes[mode].stages.length).toBeGreaterThan(0);
      expect(body.modes[mode].stages[0]).toEqual({ id: 's1', nodes: expect.any(Array), ms: expect.any(Number) });
      const { ms, readMs } = body.modes[mode];
      expect(readMs).toBeLessThanOrEqual(ms);
      expect(body.projection[mode]).toBe(Math.round(readMs + (ms - readMs) / 0.5));
    }
    expect(body.note).toMatch(/linear estimate/);
    // Comparisons deliver nothing.
    expect((await server.request('GET', `/api/workflows/${created.id}/runs`)).body.runs).toEqual([]);
  });
});
