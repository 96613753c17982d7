import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_AS_OF, demoWorkflows, generateDataset, queryRows, sql, type Database } from '@segflow/engine/node';
import { manualClock } from '../src/services/schedules/clock.ts';
import { example, startServer, WINBACK_AS_OF, type TestServer } from './helpers.ts';

const MB = 1024 ** 2;
const BUDGET = 256 * MB;
/** Big enough that a preview takes a while and needs memory, small enough to make in a few seconds. */
const CUSTOMERS = 30_000;
const documents = demoWorkflows({ customers: 'customers.parquet', events: 'events.parquet', outputs: '.' });

async function query(db: Database, statement: ReturnType<typeof sql>) {
  const connection = await db.connect();
  try {
    return await queryRows(connection, statement);
  } finally {
    connection.closeSync();
  }
}

/** Workflows over generated data in the server's datasets folder. */
async function workflows(server: TestServer, count: number): Promise<string[]> {
  await generateDataset({ customers: CUSTOMERS, outDir: join(server.dataDir, 'datasets') });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const created = await server.request('POST', '/api/workflows', { name: `budget ${i}`, document: documents[i % documents.length] });
    expect(created.status).toBe(201);
    ids.push(created.body.id);
  }
  return ids;
}

const preview = (server: TestServer, id: string) => server.request('POST', `/api/workflows/${id}/preview`, { asOf: DEMO_AS_OF });

describe('previews within a memory budget', () => {
  let server: TestServer;
  let ids: string[];

  beforeAll(async () => {
    // One preview computes at a time and two wait: six at once are more than fit.
    server = await startServer({ memoryLimit: BUDGET, threads: 1, previewSlots: 1, previewQueue: 2 });
    ids = await workflows(server, 6);
  }, 60_000);
  afterAll(() => server?.close());

  it('answers every preview of more workflows than fit, with counts or a plain "busy", and stays up', async () => {
    const answers = await Promise.all(ids.map((id) => preview(server, id)));
    for (const answer of answers) expect([200, 503]).toContain(answer.status);
    const refused = answers.filter((a) => a.status === 503);
    expect(refused).toHaveLength(3);
    for (const answer of refused) {
      expect(answer.body.error).toEqual({ code: 'busy', message: 'Segflow is busy computing other previews; try again in a moment.' });
      expect(answer.headers.get('retry-after')).toBe('5');
    }
    const counted = answers.filter((a) => a.status === 200);
    for (const answer of counted) expect(answer.body.problems.filter((p: { severity: string }) => p.severity === 'error')).toEqual([]);

    expect((await server.request('GET', '/api/health')).status).toBe(200);
    // Tried again one after another, every workflow gets its counts, the same for the same document.
    const again = [];
    for (const id of ids) again.push(await preview(server, id));
    for (const [i, answer] of again.entries()) {
      expect(answer.status).toBe(200);
      expect(answer.body.counts).toEqual(again[i % documents.length].body.counts);
    }
  }, 120_000);

  it('gives the one DuckDB that previews, runs and checks share the budget, its threads and a spill folder in the data folder', async () => {
    const db = await server.segflow.context.duckdb.get();
    const [settings] = await query(db, sql`SELECT current_setting('memory_limit') AS memory, current_setting('threads') AS threads, current_setting('temp_directory') AS spill`);
    expect(settings).toEqual({ memory: '256.0 MiB', threads: '1', spill: join(server.segflow.context.paths.root, 'duckdb-spill') });
    // Previews attach their cache files to it rather than open DuckDBs of their own, each with a limit of its own.
    const attached = await query(db, sql`SELECT path FROM duckdb_databases() WHERE NOT internal AND path IS NOT NULL`);
    expect(attached.map((r) => r.path)).toEqual(expect.arrayContaining([join(server.segflow.context.paths.cache, `${ids.at(-1)}.duckdb`)]));
    expect(await server.segflow.context.duckdb.memoryUsed()).toBeLessThanOrEqual(BUDGET);
    const health = await server.request('GET', '/api/health');
    expect(health.body.memory).toMatchObject({ limitBytes: BUDGET, threads: 1, previews: { running: 0, waiting: 0 } });
  });
});

describe('an idle preview', () => {
  it('gives its memory back after a while unused, and previews again from its cache file', async () => {
    const clock = manualClock('2026-01-05T09:00:00Z');
    const server = await startServer({ clock, previewIdleMs: 60_000 });
    try {
      const { body: { id } } = await server.request('POST', '/api/workflows', { document: example('winback.json') });
      const cacheFile = join(server.segflow.context.paths.cache, `${id}.duckdb`);
      const db = await server.segflow.context.duckdb.get();
      const attached = async () => (await query(db, sql`SELECT path FROM duckdb_databases() WHERE path IS NOT NULL`)).map((r) => r.path);
      const first = await server.request('POST', `/api/workflows/${id}/preview`, { asOf: WINBACK_AS_OF });
      expect(first.status).toBe(200);
      expect(server.segflow.context.previews.counts().open).toBe(1);
      expect(await attached()).toContain(cacheFile);

      await clock.advance(59_000);
      expect(server.segflow.context.previews.counts().open).toBe(1);
      await clock.advance(2_000);
      expect(server.segflow.context.previews.counts().open).toBe(0);
      await expect.poll(attached).not.toContain(cacheFile);

      const second = await server.request('POST', `/api/workflows/${id}/preview`, { asOf: WINBACK_AS_OF });
      expect(second.status).toBe(200);
      expect(second.body.counts).toEqual(first.body.counts);
    } finally {
      await server.close();
    }
  });
});
