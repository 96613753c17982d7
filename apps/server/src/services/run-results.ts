import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { execute, ident, openDatabase, queryRows, sql, type Database } from '@segflow/engine/node';

interface Entry {
  db: Promise<Database>;
  users: number;
  /** Set while the file is being closed; a new user waits for it, then opens it again. */
  closing?: Promise<void>;
}

const FILE_SUFFIX = '.duckdb';
/** DuckDB writes a new file's header (three blocks of 4 KiB) before any table. */
const HEADER_BYTES = 3 * 4096;

/**
 * Opens a results file; one cut short of its header, by a crash as it was
 * being made, holds no table: it is made again instead of failing every run of
 * the workflow for good. Any other file that does not open still fails.
 */
async function openOrRecreate(path: string, open: (path: string) => Promise<Database>): Promise<Database> {
  try {
    return await open(path);
  } catch (error) {
    // A file another process holds (queue mode) is refused with a lock error, and stays as it is.
    const cutShort = /not a valid DuckDB database file|Could not read enough bytes/.test((error as Error).message);
    const size = statSync(path, { throwIfNoEntry: false })?.size;
    if (!cutShort || size === undefined || size >= HEADER_BYTES) throw error;
    for (const suffix of ['', '.wal']) rmSync(`${path}${suffix}`, { force: true });
    return open(path);
  }
}

/** Tables of one run in its workflow's file start with this; run ids have a fixed length, so no prefix is another's. */
export const runTablePrefix = (runId: string) => `${runId}__`;

/**
 * Node results of runs, in one DuckDB file per workflow (`results/<workflowId>.duckdb`),
 * each run's tables prefixed with its id. The file is what makes a run resumable:
 * a node's table is written before the node-succeeded event that tells of it.
 *
 * `open` is the server's shared DuckDB (within its memory budget) or, by default, a DuckDB of the file's own.
 *
 * DuckDB lets one process open a file once, and runs of one workflow may run at
 * the same time: the database is shared, counted by its users, and closed (deleted
 * when it holds no table) when the last one lets go.
 */
export function runResults(dir: string, open: (path: string) => Promise<Database> = openDatabase) {
  const entries = new Map<string, Entry>();
  const fileOf = (workflowId: string) => join(dir, `${workflowId}${FILE_SUFFIX}`);

  async function acquire(workflowId: string): Promise<Database> {
    for (;;) {
      const entry = entries.get(workflowId);
      if (entry?.closing) {
        await entry.closing;
        continue;
      }
      if (entry) {
        entry.users++;
        return entry.db;
      }
      const opened: Entry = { db: openOrRecreate(fileOf(workflowId), open), users: 1 };
      entries.set(workflowId, opened);
      opened.db.catch(() => entries.delete(workflowId));
      return opened.db;
    }
  }

  async function release(workflowId: string): Promise<void> {
    const entry = entries.get(workflowId);
    if (!entry || entry.closing || --entry.users > 0) return;
    entry.closing = (async () => {
      const db = await entry.db.catch(() => undefined);
      if (!db) return;
      const empty = (await tables(db).catch(() => ['?'])).length === 0;
      await db.close();
      if (empty) for (const suffix of ['', '.wal']) rmSync(`${fileOf(workflowId)}${suffix}`, { force: true });
    })().finally(() => entries.delete(workflowId));
    await entry.closing;
  }

  /** Runs `work` with the workflow's results database open. */
  async function using<T>(workflowId: string, work: (db: Database) => Promise<T>): Promise<T> {
    const db = await acquire(workflowId);
    try {
      return await work(db);
    } finally {
      await release(workflowId);
    }
  }

  return {
    acquire,
    release,
    /** Drops a run's tables: it succeeded or was cancelled (nothing to resume), or it was pruned. */
    dropRun: (workflowId: string, runId: string) => using(workflowId, (db) => dropTables(db, (t) => t.startsWith(runTablePrefix(runId)))),
    /** Drops every table of a deleted workflow; the file goes with them. */
    dropWorkflow: (workflowId: string) => using(workflowId, (db) => dropTables(db, () => true)),
    /**
     * Drops the tables of every run not in `keep(workflowId)` (read after the
     * tables are listed, so a run starting meanwhile is among them): leftovers of
     * runs that finished just before a crash, and of deleted workflows, whose
     * files then go altogether.
     */
    async sweep(keep: (workflowId: string) => string[]): Promise<void> {
      const workflowIds = readdirSync(dir).filter((f) => f.endsWith(FILE_SUFFIX)).map((f) => f.slice(0, -FILE_SUFFIX.length));
      for (const workflowId of workflowIds)
        await using(workflowId, async (db) => {
          const names = await tables(db);
          const prefixes = keep(workflowId).map(runTablePrefix);
          await dropTables(db, (t) => !prefixes.some((p) => t.startsWith(p)), names);
        });
    },
    /** Closes what is open; runs must have let go first. */
    async close(): Promise<void> {
      await Promise.all([...entries.values()].map(async (e) => (e.closing ? e.closing : await (await e.db.catch(() => undefined))?.close())));
      entries.clear();
    },
  };
}

export type RunResults = ReturnType<typeof runResults>;

async function tables(db: Database): Promise<string[]> {
  const connection = await db.connect();
  try {
    return (await queryRows(connection, sql`SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()`)).map((r) => String(r.table_name));
  } finally {
    connection.closeSync();
  }
}

async function dropTables(db: Database, drop: (table: string) => boolean, known?: string[]): Promise<void> {
  const names = (known ?? (await tables(db))).filter(drop);
  if (!names.length) return;
  const connection = await db.connect();
  try {
    for (const name of names) await execute(connection, sql`DROP TABLE IF EXISTS ${ident(name)}`);
  } finally {
    connection.closeSync();
  }
}
