import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewInWarehouse } from '../../src/warehouse/preview-in-warehouse.ts';
import { startPostgres } from '../destinations/postgres-cluster.ts';
import { tempDir } from '../run-helpers.ts';
import { doc, edge, node } from '../workflow-builders.ts';
import { WAREHOUSE, warehouseCredentials } from './load-tables.ts';

let cluster: { url: string; stop(): void };
let client: pg.Client;
beforeAll(async () => {
  cluster = startPostgres();
  client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
  await client.query(`CREATE TABLE public.people AS SELECT g AS id, g % 7 AS score FROM generate_series(1, 1000) g;
    CREATE VIEW public.slow_people AS SELECT g AS id FROM generate_series(1, 3) g, LATERAL (SELECT pg_sleep(20)) s`);
}, 600_000);
afterAll(async () => {
  await client?.end();
  cluster?.stop();
});

const workflow = (table: string) => doc([
  node('p', 'source', { format: 'postgres', connection: WAREHOUSE, table, key: 'id' }),
  node('f', 'filter', { condition: { combinator: 'and', rules: [{ field: 'id', operator: '>', value: 990 }] } }),
  node('o', 'output', { segment: 's', destination: { type: 'csv', path: 's.csv' } }),
], [edge('p', 'f'), edge('f', 'o')]);

const options = () => ({ resolvePath: (p: string) => join(tempDir(), p), credentials: warehouseCredentials(cluster.url), asOf: '2022-06-30' });

describe('a preview of a workflow over warehouse tables', () => {
  it('counts every node exactly, in PostgreSQL', async () => {
    const result = await previewInWarehouse(workflow('public.people'), options());
    expect(result.problems).toEqual([]);
    expect(result.counts).toEqual({ p: { rows: 1000, exact: true }, f: { rows: 10, exact: true }, o: { rows: 10, exact: true } });
  });

  it('stops its running statement in PostgreSQL when a newer preview cancels it', async () => {
    const controller = new AbortController();
    const preview = previewInWarehouse(workflow('public.slow_people'), { ...options(), signal: controller.signal });
    const sleeping = async () => (await client.query("SELECT count(*) AS n FROM pg_stat_activity WHERE state = 'active' AND query LIKE 'CREATE TEMPORARY TABLE%'")).rows[0].n;
    for (let i = 0; i < 100 && (await sleeping()) === '0'; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await sleeping()).toBe('1');
    controller.abort();
    await expect(preview).rejects.toThrow();
    for (let i = 0; i < 100 && (await sleeping()) !== '0'; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await sleeping()).toBe('0');
  }, 60_000);
});
