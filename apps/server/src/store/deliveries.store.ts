import Database from 'better-sqlite3';
import type { DeliveryLedger } from '@segflow/engine/node';
import { nowIso } from './database.ts';

/**
 * The delivery ledger in SQLite: one row per webhook batch or table a run
 * delivered (keys as the engine makes them, `runId:nodeId:batch`). It has a
 * connection of its own with `synchronous = FULL`, so `record` returns only
 * once the row is on disk (the WAL is fsynced at commit): a batch a receiver
 * confirmed is never sent again, even after a power cut. Run events keep the
 * main connection's cheaper NORMAL, which a process crash cannot hurt.
 *
 * Open it after `openStore`, which creates the table.
 */
export function deliveriesStore(file: string) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const q = {
    has: db.prepare<[string], { key: string }>('SELECT key FROM deliveries WHERE key = ?'),
    record: db.prepare('INSERT INTO deliveries (key, run_id, at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING'),
    count: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM deliveries WHERE run_id = ?'),
  };

  return {
    /** The ledger the engine writes to while it runs `runId`. */
    ledger(runId: string): DeliveryLedger {
      return {
        delivered: async (key) => q.has.get(key) !== undefined,
        record: async (key) => void q.record.run(key, runId, nowIso()),
      };
    },
    /** Batches and tables a run has delivered. */
    count: (runId: string) => q.count.get(runId)?.n ?? 0,
    close: () => db.close(),
  };
}

export type DeliveriesStore = ReturnType<typeof deliveriesStore>;
