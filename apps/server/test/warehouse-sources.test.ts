import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type Postgres } from './faults/postgres.ts';
import { loadFileIntoPostgres, withWarehouseSources } from '../../../packages/engine/test/warehouse/load-tables.ts';
import { DATASETS } from '../../../packages/engine/test/shared-paths.ts';
import { example, startServer, waitForRun, WINBACK_AS_OF, type TestServer } from './helpers.ts';

const TABLES = { 'cdnow_customers.csv': 'cdnow_customers', 'cdnow_orders.csv': 'cdnow_orders' };

let cluster: Postgres;
let server: TestServer;
beforeAll(async () => {
  cluster = startPostgres();
  for (const [file, table] of Object.entries(TABLES))
    await loadFileIntoPostgres(cluster.url, { format: 'csv', path: file, key: 'customer_id' }, join(DATASETS, file), table);
  cluster.exec('CREATE SCHEMA crm; CREATE VIEW crm.big_spenders AS SELECT customer_id, amount FROM cdnow_orders WHERE amount > 100; CREATE TABLE "Odd Name" (x int)');
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

describe('the table picker of the editor', () => {
  beforeAll(() => void server.segflow.context.credentials.create('connection', 'warehouse', cluster.url, null));

  it('lists a stored connection\'s tables and views with their columns, to editors, never the URL', async () => {
    const editor = await server.withRole('editor');
    const connections = await editor.request('GET', '/api/connections');
    expect(connections.body.connections.map((c: { name: string }) => c.name)).toContain('warehouse');
    expect(JSON.stringify(connections.body)).not.toContain('postgres://');
    const listed = await editor.request('GET', '/api/connections/warehouse/tables');
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    expect(listed.body.truncated).toBe(false);
    const names = listed.body.tables.map((t: { name: string }) => t.name);
    expect(names).toEqual(expect.arrayContaining(['crm.big_spenders', 'public.cdnow_customers', 'public.cdnow_orders']));
    // A name a document could not spell is not offered; PostgreSQL's own schemas are not either.
    expect(names.filter((n: string) => /Odd|^pg_|^information_schema\./.test(n))).toEqual([]);
    expect(listed.body.tables.find((t: { name: string }) => t.name === 'crm.big_spenders')).toEqual({
      name: 'crm.big_spenders', kind: 'view', columns: [{ name: 'customer_id', type: 'integer' }, { name: 'amount', type: 'number' }],
    });
    expect(JSON.stringify(listed.body)).not.toContain(cluster.url);
  });

  it('answers 404 for a connection nobody stored, a plain sentence for one that cannot be reached, and 403 to viewers', async () => {
    expect((await server.request('GET', '/api/connections/nobody/tables')).status).toBe(404);
    expect((await server.request('POST', '/api/connections', { name: 'closed', url: 'postgres://postgres@127.0.0.1:1/postgres' })).status).toBe(201);
    const closed = await server.request('GET', '/api/connections/closed/tables');
    expect(closed.status).toBe(502);
    expect(closed.body.error).toMatchObject({ code: 'warehouse_unreachable', message: 'Cannot list the tables: the connection "closed" failed: could not connect to the database' });
    const viewer = await server.withRole('viewer');
    expect((await viewer.request('GET', '/api/connections/warehouse/tables')).status).toBe(403);
  });
});

describe('previews of a warehouse workflow beyond counts', () => {
  beforeAll(() => void server.segflow.context.credentials.create('connection', 'warehouse', cluster.url, null));

  it('shows a step\'s members and a column\'s values read from PostgreSQL, the same as the same data from files', async () => {
    const files = example('winback.json');
    const { body: fromFiles } = await server.request('POST', '/api/workflows', { document: files });
    const { body: fromTables } = await server.request('POST', '/api/workflows', { document: withWarehouseSources(files, TABLES) });
    for (const node of ['customers', 'x']) {
      const ask = (id: string) => server.request('POST', `/api/workflows/${id}/preview/${node}/rows`, { asOf: WINBACK_AS_OF, limit: 25 });
      const [warehouse, duckdb] = [await ask(fromTables.id), await ask(fromFiles.id)];
      expect(warehouse.status, JSON.stringify(warehouse.body)).toBe(200);
      expect(warehouse.body.rows).toHaveLength(25);
      expect(warehouse.body).toEqual(duckdb.body);
      for (const { name } of warehouse.body.columns) {
        const values = (id: string) => server.request('POST', `/api/workflows/${id}/preview/${node}/values`, { asOf: WINBACK_AS_OF, column: name });
        const [inWarehouse, inDuckdb] = [await values(fromTables.id), await values(fromFiles.id)];
        expect(inWarehouse.status, `${node}.${name}: ${JSON.stringify(inWarehouse.body)}`).toBe(200);
        expect(inWarehouse.body, `${node}.${name}`).toEqual(inDuckdb.body);
      }
    }
    const unknown = await server.request('POST', `/api/workflows/${fromTables.id}/preview/x/values`, { asOf: WINBACK_AS_OF, column: 'no_such_column' });
    expect(unknown.status).toBe(404);
  }, 120_000);
});

describe('the tables a warehouse run keeps to be resumed', () => {
  beforeAll(() => void server.segflow.context.credentials.create('connection', 'warehouse', cluster.url, null));

  const workSchemas = () => cluster.rows("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'segflow_run_%'");
  /** Starts a run whose events stage waits on a lock, once its customers stage is done. */
  async function waitingRun(workflowId: string) {
    const release = await cluster.holdLock('public.cdnow_orders');
    const started = await server.request('POST', `/api/workflows/${workflowId}/runs`, { asOf: WINBACK_AS_OF, mode: 'sequential' });
    expect(started.status).toBe(202);
    const waiting = () => cluster.rows("SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'CREATE UNLOGGED TABLE%'");
    for (let i = 0; i < 400 && !waiting().length; i++) await new Promise((r) => setTimeout(r, 50));
    expect(waiting()).toHaveLength(1);
    return { runId: started.body.runId as string, release, waiting };
  }

  it('are dropped when the run is cancelled, and kept after a failure until the workflow is deleted', async () => {
    const document = withWarehouseSources(example('winback.json'), TABLES);
    const { body: created } = await server.request('POST', '/api/workflows', { document });
    const cancelled = await waitingRun(created.id);
    expect(workSchemas()).toHaveLength(1);
    expect((await server.request('POST', `/api/runs/${cancelled.runId}/cancel`)).status).toBe(202);
    expect(await waitForRun(server, cancelled.runId, 60_000)).toMatchObject({ status: 'cancelled' });
    cancelled.release();
    for (let i = 0; i < 100 && workSchemas().length; i++) await new Promise((r) => setTimeout(r, 50));
    expect(workSchemas()).toEqual([]);
    // The run's session ended under it: the run fails, its finished stages kept for a retry.
    const failed = await waitingRun(created.id);
    for (const pid of failed.waiting()) cluster.exec(`SELECT pg_terminate_backend(${pid})`);
    failed.release();
    expect(await waitForRun(server, failed.runId, 60_000)).toMatchObject({ status: 'failed' });
    expect(workSchemas()).toHaveLength(1);
    expect((await server.request('DELETE', `/api/workflows/${created.id}`)).status).toBe(204);
    expect(workSchemas()).toEqual([]);
  }, 120_000);
});
