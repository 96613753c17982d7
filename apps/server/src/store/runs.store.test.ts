import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { initialRunState, type RunEvent } from '@segflow/engine';
import { openStore } from './database.ts';
import { runStore } from './runs.store.ts';
import { workflowStore } from './workflows.store.ts';

const SERVER_DIR = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** Another process (a queue worker recording a delivery) holding SQLite's write lock for `ms`, then writing. */
function holdWriteLock(file: string, ms: number): Promise<{ done: Promise<void> }> {
  const script = `
    const db = new (require('better-sqlite3'))(process.argv[1]);
    db.pragma('busy_timeout = 5000');
    db.exec('CREATE TABLE IF NOT EXISTS other_writes (n INTEGER)');
    db.exec('BEGIN IMMEDIATE');
    db.prepare('INSERT INTO other_writes VALUES (1)').run();
    process.stdout.write('locked\\n');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(process.argv[2]));
    db.exec('COMMIT');
    db.close();`;
  const child = spawn(process.execPath, ['-e', script, file, String(ms)], { cwd: SERVER_DIR, stdio: ['ignore', 'pipe', 'inherit'] });
  const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.stdout.once('data', () => resolve({ done }));
    child.once('exit', (code) => reject(new Error(`the lock holder exited (${code})`)));
  });
}

describe('the run store shared by processes', () => {
  it('appends an event while another process writes: it waits for the lock instead of failing with "database is locked"', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'segflow-runs-')), 'segflow.db');
    const db = openStore(file);
    const workflow = workflowStore(db).create({ name: 'w', document: { schemaVersion: 1, nodes: [], edges: [] } as never });
    const runs = runStore(db);
    const run = runs.create({ workflowId: workflow.id, version: null, mode: 'sequential', partitions: 1, asOf: '2022-06-30', document: { schemaVersion: 1, nodes: [], edges: [] } as never });
    // A read of the database before the other process commits: the snapshot an append would otherwise start from.
    db.prepare('SELECT count(*) FROM runs').get();
    const holder = await holdWriteLock(file, 300);
    const event = { type: 'node-started', nodeId: 'a', seq: 1, at: new Date().toISOString() } as RunEvent;
    expect(runs.append(run.id, event, initialRunState(run.id))).toBe('stored');
    await holder.done;
    expect(runs.events(run.id)).toHaveLength(1);
    db.close();
  });
});
