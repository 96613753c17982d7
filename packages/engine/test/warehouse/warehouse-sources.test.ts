import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkWorkflow } from '../../src/duckdb/run-workflow.ts';
import { analyzeWorkflow } from '../../src/validate/index.ts';
import { startPostgres } from '../destinations/postgres-cluster.ts';
import { tempDir } from '../run-helpers.ts';
import { DATASETS, EXAMPLES } from '../shared-paths.ts';
import { doc, edge, node } from '../workflow-builders.ts';
import { loadFileIntoPostgres, WAREHOUSE, warehouseCredentials, withWarehouseSources } from './load-tables.ts';

const ENGINE = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

let cluster: { url: string; stop(): void };
beforeAll(async () => {
  cluster = startPostgres();
  const client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
  await client.query(`CREATE SCHEMA crm;
    CREATE TABLE crm.people (id integer, joined timestamptz, spend numeric(10, 2), token uuid, name text, active boolean, born date)`);
  await client.end();
  for (const file of ['cdnow_customers', 'cdnow_orders'])
    await loadFileIntoPostgres(cluster.url, { format: 'csv', path: `${file}.csv`, key: 'customer_id' }, join(DATASETS, `${file}.csv`), file);
}, 600_000);
afterAll(() => cluster?.stop());

const people = (config: Record<string, unknown> = {}) =>
  doc([node('p', 'source', { format: 'postgres', connection: WAREHOUSE, table: 'crm.people', key: 'id', ...config }),
    node('o', 'output', { segment: 's', destination: { type: 'csv', path: 's.csv' } })], [edge('p', 'o')]);

const check = (document: unknown, url = cluster.url) =>
  checkWorkflow(document, { resolvePath: (p) => join(tempDir(), p), credentials: warehouseCredentials(url) });

describe('a source reading a PostgreSQL table', () => {
  it('gets its columns and their types from the catalog, without reading rows', async () => {
    const analysis = await check(people());
    expect(analysis.problems).toEqual([]);
    expect(analysis.schemas.get('p')!.columns.map((c) => [c.name, c.type])).toEqual([
      ['id', 'integer'], ['joined', 'timestamp'], ['spend', 'number'], ['token', 'string'], ['name', 'string'], ['active', 'boolean'], ['born', 'date'],
    ]);
  });

  it('says on the node when the connection, the table or a column is unknown', async () => {
    const noConnection = await check(people({ connection: 'nowhere' }));
    expect(noConnection.problems).toEqual([expect.objectContaining({ code: 'unreadable_source', nodeId: 'p', message: expect.stringContaining('no connection called "nowhere"') })]);
    const noTable = await check(people({ table: 'crm.nobody' }));
    expect(noTable.problems).toEqual([expect.objectContaining({ code: 'unreadable_source', nodeId: 'p', message: expect.stringContaining('no table "crm.nobody"') })]);
    const noKey = await check(people({ key: 'email' }));
    expect(noKey.problems).toEqual([expect.objectContaining({ code: 'unknown_field', nodeId: 'p', message: 'The key column "email" is not in the table.' })]);
  });

  it('refuses a table name that is not plain identifiers, before any SQL', () => {
    const { problems } = analyzeWorkflow(people({ table: 'crm.people; DROP TABLE crm.people' }));
    expect(problems).toEqual([expect.objectContaining({ code: 'invalid_config', nodeId: 'p' })]);
    expect(analyzeWorkflow(people({ host: 'db.example.com' })).problems).toEqual([expect.objectContaining({ code: 'invalid_config', nodeId: 'p' })]);
  });

  it('never shows the connection URL, even when connecting fails', async () => {
    const port = new URL(cluster.url).port;
    const wrong = `postgres://admin:s3cret-pw@127.0.0.1:${Number(port) + 1}/nodb`;
    const analysis = await check(people(), wrong);
    expect(analysis.problems).toEqual([expect.objectContaining({ code: 'unreadable_source', nodeId: 'p' })]);
    const text = JSON.stringify(analysis.problems);
    expect(text).not.toContain('s3cret');
    expect(text).not.toContain(String(Number(port) + 1));
  });

  it('cannot meet files or another connection in one workflow', () => {
    const mixed = doc([
      node('p', 'source', { format: 'postgres', connection: WAREHOUSE, table: 'crm.people', key: 'id' }),
      node('e', 'events', { format: 'csv', path: 'orders.csv', key: 'id', timestamp: 'ts' }),
      node('q', 'source', { format: 'postgres', connection: 'other', table: 'crm.people', key: 'id' }),
      node('u', 'union'), node('o', 'output', { segment: 's', destination: { type: 'csv', path: 's.csv' } }),
    ], [edge('p', 'u'), edge('q', 'u'), edge('u', 'o')]);
    const problems = analyzeWorkflow(mixed).problems.filter((p) => p.message.includes('all sources of a workflow'));
    expect(problems.map((p) => [p.nodeId, p.field])).toEqual([['e', 'path'], ['q', 'connection']]);
  });
});

function cli(env: Record<string, string>, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ENGINE, env: { ...process.env, NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('the CLI', () => {
  it('runs a document whose sources are PostgreSQL tables, given SEGFLOW_CONNECTIONS, with the counts of the same data from files', async () => {
    const folder = tempDir();
    const document = JSON.parse(readFileSync(join(EXAMPLES, 'winback.json'), 'utf8'));
    writeFileSync(join(folder, 'winback.json'), JSON.stringify(withWarehouseSources(document, { 'cdnow_customers.csv': 'cdnow_customers', 'cdnow_orders.csv': 'cdnow_orders' })));
    const env = { SEGFLOW_CONNECTIONS: JSON.stringify({ [WAREHOUSE]: cluster.url }) };
    const validated = await cli(env, 'validate', join(folder, 'winback.json'));
    expect(validated.code, validated.stdout + validated.stderr).toBe(0);
    const result = await cli(env, 'run', join(folder, 'winback.json'), '--as-of', '2022-06-30', '--json');
    expect(result.code, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout) as { status: string; segments: Record<string, { count: number }> };
    expect(out.status).toBe('succeeded');
    expect(out.segments.winback.count).toBe(1927);
    expect(result.stdout + result.stderr).not.toContain(cluster.url);
    const without = await cli({ SEGFLOW_CONNECTIONS: '{}' }, 'validate', join(folder, 'winback.json'));
    expect(without.code).toBe(1);
    expect(without.stdout).toContain(`no connection called \\"${WAREHOUSE}\\"`);
  }, 120_000);
});
