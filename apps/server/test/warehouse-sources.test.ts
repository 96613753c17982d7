import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres } from '../../../packages/engine/test/destinations/postgres-cluster.ts';
import { loadFileIntoPostgres, withWarehouseSources } from '../../../packages/engine/test/warehouse/load-tables.ts';
import { DATASETS } from '../../../packages/engine/test/shared-paths.ts';
import { example, startServer, waitForRun, WINBACK_AS_OF, type TestServer } from './helpers.ts';

const TABLES = { 'cdnow_customers.csv': 'cdnow_customers', 'cdnow_orders.csv': 'cdnow_orders' };

let cluster: { url: string; stop(): void };
let server: TestServer;
beforeAll(async () => {
  cluster = startPostgres();
  for (const [file, table] of Object.entries(TABLES))
    await loadFileIntoPostgres(cluster.url, { format: 'csv', path: file, key: 'customer_id' }, join(DATASETS, file), table);
  // The test cluster listens on loopback: an admin-stored connection needs no allow-list for it.
  server = await startServer();
}, 600_000);
afterAll(async () => {
  await server?.close();
  cluster?.stop();
});

describe('a workflow whose sources are tables of a stored connection', () => {
  it('is checked against the table\'s catalog and runs in PostgreSQL, with the counts of the same data from files', async () => {
    const document = withWarehouseSources(example('winback.json'), TABLES);
    const missing = await server.request('POST', '/api/validate', document);
    expect(missing.body.problems).toContainEqual(expect.objectContaining({ code: 'unreadable_source', message: expect.stringContaining('no connection called "warehouse"') }));
    expect((await server.request('POST', '/api/connections', { name: 'warehouse', url: cluster.url })).status).toBe(201);
    const validated = await server.request('POST', '/api/validate', document);
    expect(validated.body.problems.filter((p: { severity: string }) => p.severity === 'error')).toEqual([]);
    expect(validated.body.sources.customers.columns.map((c: { name: string }) => c.name)).toContain('customer_id');
    const { body: created } = await server.request('POST', '/api/workflows', { document });
    const started = await server.request('POST', `/api/workflows/${created.id}/runs`, { asOf: WINBACK_AS_OF, mode: 'sequential' });
    expect(started.status).toBe(202);
    const run = await waitForRun(server, started.body.runId, 60_000);
    expect(run).toMatchObject({ status: 'succeeded', segments: { winback: { count: 1927 } } });
    expect(JSON.stringify(run)).not.toContain(cluster.url);
    // The preview counts in PostgreSQL too: every node exactly, the segment as the run.
    const preview = await server.request('POST', `/api/workflows/${created.id}/preview`, { asOf: WINBACK_AS_OF });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.counts.out_winback).toEqual({ rows: 1927, exact: true, kind: 'exact' });
    expect(Object.values(run.nodes).map((n: any) => n.rows)).toEqual(Object.keys(run.nodes).map((id) => preview.body.counts[id].rows));
  }, 120_000);
});
