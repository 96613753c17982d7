import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { DeliveryLedger, MembershipSnapshots } from '@segflow/engine/node';
import { nowIso } from './database.ts';

/** Where the member keys of a run's outputs are kept (zstd Parquet, one file per output). */
export const snapshotDir = (root: string, workflowId: string, runId: string) => join(root, 'snapshots', workflowId, runId);

/**
 * The delivery ledger in SQLite: one row per webhook batch or table a run
 * delivered (keys as the engine makes them, `runId:nodeId:batch`). It has a
 * connection of its own with `synchronous = FULL`, so `record` returns only
 * once the row is on disk (the WAL is fsynced at commit): a batch a receiver
 * confirmed is never sent again, even after a power cut. Run events keep the
 * main connection's cheaper NORMAL, which a process crash cannot hurt.
 *
 * It also keeps, per workflow and destination, which run's member keys were
 * last delivered (the base of a change-only delivery), moved in the same
 * transaction as the ledger row of the delivery that completes it.
 *
 * Open it after `openStore`, which creates the tables.
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
    base: db.prepare<[string, string], { base_run_id: string | null }>('SELECT base_run_id FROM snapshot_bases WHERE run_id = ? AND scope = ?'),
    last: db.prepare<[string, string], { run_id: string }>('SELECT run_id FROM delivered_snapshots WHERE workflow_id = ? AND scope = ?'),
    fixBase: db.prepare('INSERT INTO snapshot_bases (run_id, scope, base_run_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
    setLast: db.prepare(
      `INSERT INTO delivered_snapshots (workflow_id, scope, run_id, at) VALUES (?, ?, ?, ?)
       ON CONFLICT (workflow_id, scope) DO UPDATE SET run_id = excluded.run_id, at = excluded.at`,
    ),
    bases: db.prepare<[string], { run_id: string }>('SELECT DISTINCT run_id FROM delivered_snapshots WHERE workflow_id = ?'),
  };
  const base = db.transaction((workflowId: string, runId: string, scope: string): string | undefined => {
    const fixed = q.base.get(runId, scope);
    if (fixed) return fixed.base_run_id ?? undefined;
    const last = q.last.get(workflowId, scope)?.run_id;
    q.fixBase.run(runId, scope, last ?? null);
    return last;
  });
  const delivered = db.transaction((workflowId: string, runId: string, scope: string, ledgerKey?: string) => {
    if (ledgerKey) q.record.run(ledgerKey, runId, nowIso());
    q.setLast.run(workflowId, scope, runId, nowIso());
  });

  return {
    /** The ledger the engine writes to while it runs `runId`. */
    ledger(runId: string): DeliveryLedger {
      return {
        delivered: async (key) => q.has.get(key) !== undefined,
        record: async (key) => void q.record.run(key, runId, nowIso()),
      };
    },
    /** The member snapshots of a published run of `workflowId`, under `root` (the data folder). */
    snapshots(root: string, workflowId: string): MembershipSnapshots {
      return {
        file: (runId, nodeId) => join(snapshotDir(root, workflowId, runId), `${nodeId}.parquet`),
        base: async (scope, runId) => base(workflowId, runId, scope),
        delivered: async (scope, runId, ledgerKey) => void delivered(workflowId, runId, scope, ledgerKey),
      };
    },
    /** The run whose member keys `scope` of the workflow last received in full. */
    lastDelivered: (workflowId: string, scope: string) => q.last.get(workflowId, scope)?.run_id,
    /** Runs whose snapshots some destination of the workflow diffs its next delivery against: never pruned. */
    baseRuns: (workflowId: string) => new Set(q.bases.all(workflowId).map((r) => r.run_id)),
    /** Batches and tables a run has delivered. */
    count: (runId: string) => q.count.get(runId)?.n ?? 0,
    close: () => db.close(),
  };
}

export type DeliveriesStore = ReturnType<typeof deliveriesStore>;
