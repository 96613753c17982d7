import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { sql } from '../sql/sql.ts';
import { attachDatabase, createTableCounted, openDatabase, queryRows } from './database.ts';

const dir = mkdtempSync(join(tmpdir(), 'segflow-database-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('opens DuckDB with a memory limit, threads and a folder to spill to', async () => {
  const db = await openDatabase(':memory:', { memoryLimit: 300 * 1024 ** 2, threads: 1, tempDirectory: join(dir, 'spill') });
  const c = await db.connect();
  expect(await queryRows(c, sql`SELECT current_setting('memory_limit') AS m, current_setting('threads') AS t, current_setting('temp_directory') AS d`)).toEqual([
    { m: '300.0 MiB', t: '1', d: join(dir, 'spill') },
  ]);
  c.closeSync();
  db.close();
});

it('attaches files to one shared instance, each used by default by its own connections, and detaches them on close', async () => {
  const host = await openDatabase(':memory:', { memoryLimit: 256 * 1024 ** 2 });
  const a = await attachDatabase(host, join(dir, "a'quote.duckdb"), 'a');
  const b = await attachDatabase(host, join(dir, 'b.duckdb'), 'b');
  for (const [db, rows] of [[a, 3], [b, 5]] as const) {
    const c = await db.connect();
    await c.run(`CREATE TABLE t AS SELECT * FROM range(${rows})`);
    expect(await queryRows(c, sql`SELECT count(*)::INT AS n, current_database() AS db, current_setting('memory_limit') AS m FROM t`)).toEqual([
      { n: rows, db: db === a ? 'a' : 'b', m: '256.0 MiB' },
    ]);
    c.closeSync();
  }
  await a.close();
  const c = await host.connect();
  expect((await queryRows(c, sql`SELECT database_name AS name FROM duckdb_databases() WHERE NOT internal ORDER BY 1`)).map((r) => r.name)).toEqual(['b', 'memory']);
  c.closeSync();
  await b.close();
  host.close();
});

it('returns the rows a CREATE TABLE ... AS wrote, none included', async () => {
  const db = await openDatabase(':memory:');
  const c = await db.connect();
  expect(await createTableCounted(c, sql`CREATE TABLE t AS SELECT * FROM range(1234)`)).toBe(1234);
  expect(await createTableCounted(c, sql`CREATE OR REPLACE TEMP TABLE e AS SELECT * FROM range(0)`)).toBe(0);
  c.closeSync();
  db.close();
});
