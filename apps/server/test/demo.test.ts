import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers.ts';

describe('first start with the demo on', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ demo: true, demoCustomers: 500 });
  });
  afterAll(() => server.close());

  it('says it is generating, then has the data and three published example workflows that validate', async () => {
    expect((await server.request('GET', '/api/health')).body.demo).toBe('generating');
    await server.segflow.ready;
    expect((await server.request('GET', '/api/health')).body.demo).toBe('ready');
    const names = (await server.request('GET', '/api/datasets')).body.datasets.map((d: { name: string }) => d.name);
    expect(names).toEqual(expect.arrayContaining(['customers.parquet', 'events.parquet']));
    const { workflows } = (await server.request('GET', '/api/workflows')).body;
    expect(workflows.map((w: { name: string }) => w.name).sort()).toEqual(['Loyalty program', 'Nightly newsletter', 'Real-time offers']);
    expect(workflows.every((w: { publishedVersion: number }) => w.publishedVersion === 1)).toBe(true);
  });

  it('does not seed again on the next start', async () => {
    await server.segflow.close();
    const again = await startServer({ demo: true }, server.dataDir);
    try {
      expect((await again.request('GET', '/api/health')).body.demo).toBe('ready');
      expect((await again.request('GET', '/api/workflows')).body.workflows).toHaveLength(3);
    } finally {
      await again.close();
    }
  });
});
