import { mkdirSync, rmSync } from 'node:fs';
import { attachDatabase, openDatabase, queryRows, sql, type Database } from '@segflow/engine/node';
import type { MemoryBudget } from './memory/budget.ts';

/**
 * The one DuckDB instance of the server, opened on first use. Its memory limit
 * and threads are the server's budget, so previews, runs and checks together
 * never use more than that: past it DuckDB spills to `spillDir` in the data
 * folder. The instance's own in-memory database serves the small jobs
 * (validating, describing datasets, converting downloads); previews and runs
 * attach their files to it (see `attach`), each under its own name.
 */
export function sharedDuckDb(options: { budget: MemoryBudget; spillDir: string }) {
  let opening: Promise<Database> | undefined;
  let attached = 0;
  /** A file being detached: attaching it again must wait, DuckDB holds a file once. */
  const detaching = new Map<string, Promise<void>>();

  const get = () =>
    (opening ??= (() => {
      // Spilled blocks of a previous process are of no use to this one.
      rmSync(options.spillDir, { recursive: true, force: true });
      mkdirSync(options.spillDir, { recursive: true });
      return openDatabase(':memory:', { memoryLimit: options.budget.bytes, threads: options.budget.threads, tempDirectory: options.spillDir });
    })());

  return {
    get,
    budget: options.budget,
    /** A database file (default: a fresh in-memory database) sharing the instance's memory; close() detaches it. */
    async attach(path = ':memory:'): Promise<Database> {
      await detaching.get(path);
      const db = await attachDatabase(await get(), path, `attached_${++attached}`);
      return {
        ...db,
        close() {
          const done = Promise.resolve(db.close()).finally(() => {
            if (detaching.get(path) === done) detaching.delete(path);
          });
          if (path !== ':memory:') detaching.set(path, done);
          return done;
        },
      };
    },
    /** Bytes DuckDB holds now, across every attached database. */
    async memoryUsed(): Promise<number> {
      const connection = await (await get()).connect();
      try {
        const [row] = await queryRows(connection, sql`SELECT coalesce(sum(memory_usage_bytes), 0) AS used FROM duckdb_memory()`);
        return Number(row.used);
      } finally {
        connection.closeSync();
      }
    },
    async close() {
      if (!opening) return;
      const db = await opening.catch(() => undefined);
      opening = undefined;
      await db?.close();
    },
  };
}

export type SharedDuckDb = ReturnType<typeof sharedDuckDb>;
