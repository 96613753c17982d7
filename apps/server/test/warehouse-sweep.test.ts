import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initialRunState, reduceRunEvent, type RunEvent } from '@segflow/engine/node';
import { workSchema } from '../../../packages/engine/src/warehouse/work-schema.ts';
import { startPostgres, type Postgres } from './faults/postgres.ts';
import { example, startServer, type TestServer } from './helpers.ts';

let cluster: Postgres;
const cleanup: (() => unknown)[] = [];
beforeAll(() => void (cluster = startPostgres()), 600_000);
afterAll(async () => {
  for (const done of cleanup.reverse()) await done();
  cluster?.stop();
});

/** Ends a stored run as the engine would have, without running it. */
function endRun(server: TestServer, runId: string, status: 'succeeded' | 'failed'): void {
  const event = { type: 'run-finished', status, segments: {}, ms: 1, seq: 1, at: new Date().toISOString(), runId } as unknown as RunEvent;
  server.segflow.context.runs.append(runId, event, reduceRunEvent(initialRunState(runId), event));
}

/** A work schema as a run leaves it in the warehouse: the schema, its stage record and a stage table. */
function leaveWorkSchema(runId: string): string {
  const { name } = workSchema(runId);
  cluster.exec(`CREATE SCHEMA "${name}"; CREATE TABLE "${name}".stages (node_id VARCHAR PRIMARY KEY); CREATE TABLE "${name}".n_0 (customer_id int)`);
  return name;
}

const workSchemasLeft = () => cluster.rows("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'segflow\\_run\\_%' ORDER BY nspname");

describe('work schemas a crash left in a warehouse', () => {
  it('are dropped at start when their run ended for good; a run that may resume, or one this installation does not know, keeps its own', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'segflow-sweep-'));
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const before = await startServer({}, dataDir);
    const { body: workflow } = await before.request('POST', '/api/workflows', { document: example('winback.json') });
    const run = () => before.segflow.context.runs.create({ workflowId: workflow.id, version: null, mode: 'sequential', partitions: 1, asOf: '2022-06-30', document: example('winback.json') }).id;
    const [finished, retryable] = [run(), run()];
    endRun(before, finished, 'succeeded');
    endRun(before, retryable, 'failed');
    const kept = [leaveWorkSchema(retryable), leaveWorkSchema('run_of_another_installation')].sort();
    leaveWorkSchema(finished);
    before.segflow.context.credentials.create('connection', 'warehouse', cluster.url, null);
    // A warehouse that cannot be reached is only logged: the start goes on, and the other warehouses are swept.
    before.segflow.context.credentials.create('connection', 'closed', 'postgres://postgres@127.0.0.1:1/postgres', null);
    await before.segflow.close();
    expect(workSchemasLeft()).toHaveLength(3);

    const logged: string[] = [];
    const logger = pino({ level: 'info' }, new Writable({ write: (chunk, _encoding, next) => void (logged.push(JSON.parse(String(chunk)).msg), next()) }));
    const after = await startServer({ logger }, dataDir);
    expect((await after.request('GET', '/api/health')).status).toBeLessThan(500);
    // Closing waits for the clean-up the start began in the background.
    await after.close();
    expect(workSchemasLeft()).toEqual(kept);
    expect(logged).toContainEqual(expect.stringMatching(/^Could not tidy the warehouse of connection "closed": /));
    expect(logged).toContainEqual('Dropped 1 work schema(s) that finished runs left in the warehouse of connection "warehouse".');
  }, 120_000);
});
