import type { DeliveryLedger } from '@segflow/engine/node';
import type { Sqlite } from '../store/database.ts';
import { nowIso } from '../store/database.ts';

/** One enter or exit as stored: the outbox webhooks and the membership stream read in `seq` order. */
export interface StoredChange {
  seq: number;
  workflowId: string;
  version: number;
  segment: string;
  nodeId: string;
  /** The customer's key as JSON (`7`, `"c-7"`): keys keep their type. */
  customerKey: string;
  change: 'enter' | 'exit';
  /** The output's row (JSON of its columns) for an enter. */
  row: Record<string, unknown> | null;
  cause: string;
  at: string;
}

interface ChangeRow {
  seq: number; workflow_id: string; version: number; segment: string; node_id: string;
  customer_key: string; change: 'enter' | 'exit'; row: string | null; cause: string; at: string;
}

const changeOf = (r: ChangeRow): StoredChange => ({
  seq: r.seq, workflowId: r.workflow_id, version: r.version, segment: r.segment, nodeId: r.node_id,
  customerKey: r.customer_key, change: r.change, row: r.row ? JSON.parse(r.row) : null, cause: r.cause, at: r.at,
});

/**
 * The live audiences' state in the server's SQLite file: a customer's profile
 * and recent events, segment members, and the enters and exits in order. An
 * ingest writes all of a call's effects in one transaction, so after a crash
 * either an event and the changes it caused are stored, or neither is.
 */
export function liveStore(db: Sqlite) {
  const q = {
    enable: db.prepare('INSERT INTO live_workflows (workflow_id, enabled_at, enabled_by) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
    disable: db.prepare('DELETE FROM live_workflows WHERE workflow_id = ?'),
    enabled: db.prepare<[string], { workflow_id: string }>('SELECT workflow_id FROM live_workflows WHERE workflow_id = ?'),
    allEnabled: db.prepare<[], { workflow_id: string }>('SELECT workflow_id FROM live_workflows ORDER BY workflow_id'),
    customer: db.prepare<[string, string], { profile: string | null }>('SELECT profile FROM live_customers WHERE workflow_id = ? AND customer_key = ?'),
    putCustomer: db.prepare(
      `INSERT INTO live_customers (workflow_id, customer_key, profile, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (workflow_id, customer_key) DO UPDATE SET profile = coalesce(excluded.profile, profile), updated_at = excluded.updated_at`,
    ),
    addEvent: db.prepare('INSERT INTO live_events (workflow_id, event_id, customer_key, at_ms, row) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING'),
    events: db.prepare<[string, string], { row: string }>('SELECT row FROM live_events WHERE workflow_id = ? AND customer_key = ? ORDER BY at_ms, event_id'),
    pruneOld: db.prepare('DELETE FROM live_events WHERE workflow_id = ? AND customer_key = ? AND at_ms < ?'),
    eventCount: db.prepare<[string, string], { n: number }>('SELECT count(*) AS n FROM live_events WHERE workflow_id = ? AND customer_key = ?'),
    pruneOldest: db.prepare(
      `DELETE FROM live_events WHERE workflow_id = ?1 AND customer_key = ?2 AND event_id IN
       (SELECT event_id FROM live_events WHERE workflow_id = ?1 AND customer_key = ?2 ORDER BY at_ms, event_id LIMIT ?3)`,
    ),
    segmentsOf: db.prepare<[string, string], { segment: string }>('SELECT segment FROM live_members WHERE workflow_id = ? AND customer_key = ?'),
    addMember: db.prepare('INSERT INTO live_members (workflow_id, segment, customer_key, since) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING'),
    removeMember: db.prepare('DELETE FROM live_members WHERE workflow_id = ? AND segment = ? AND customer_key = ?'),
    membersOf: db.prepare<[string, string], { customer_key: string }>('SELECT customer_key FROM live_members WHERE workflow_id = ? AND segment = ?'),
    memberCounts: db.prepare<[string], { segment: string; n: number }>('SELECT segment, count(*) AS n FROM live_members WHERE workflow_id = ? GROUP BY segment'),
    customerCount: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM live_customers WHERE workflow_id = ?'),
    addChange: db.prepare(
      `INSERT INTO live_changes (workflow_id, version, segment, node_id, customer_key, change, row, cause, at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq`,
    ),
    changesAfter: db.prepare<[string, number, number], ChangeRow>('SELECT * FROM live_changes WHERE workflow_id = ? AND seq > ? ORDER BY seq LIMIT ?'),
    nodeChanges: db.prepare<[string, string, number, number], ChangeRow>('SELECT * FROM live_changes WHERE workflow_id = ? AND node_id = ? AND seq > ? AND seq <= ? ORDER BY seq'),
    nodeChangeBounds: db.prepare<[string, string, number, number], { seq: number }>('SELECT seq FROM live_changes WHERE workflow_id = ? AND node_id = ? AND seq > ? ORDER BY seq LIMIT 1 OFFSET ?'),
    lastNodeChange: db.prepare<[string, string], { seq: number | null }>('SELECT max(seq) AS seq FROM live_changes WHERE workflow_id = ? AND node_id = ?'),
    cursor: db.prepare<[string, string], { delivered_seq: number; pending_to: number | null }>('SELECT delivered_seq, pending_to FROM live_cursors WHERE workflow_id = ? AND node_id = ?'),
    putCursor: db.prepare(
      `INSERT INTO live_cursors (workflow_id, node_id, delivered_seq, pending_to) VALUES (?, ?, ?, ?)
       ON CONFLICT (workflow_id, node_id) DO UPDATE SET delivered_seq = excluded.delivered_seq, pending_to = excluded.pending_to`,
    ),
    pending: db.prepare<[string, string, number], { n: number }>('SELECT count(*) AS n FROM live_changes WHERE workflow_id = ? AND node_id = ? AND seq > ?'),
    delivered: db.prepare<[string], { key: string }>('SELECT key FROM live_deliveries WHERE key = ?'),
    recordDelivery: db.prepare('INSERT INTO live_deliveries (key, workflow_id, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
    addReconcile: db.prepare('INSERT INTO live_reconciles (workflow_id, at, report) VALUES (?, ?, ?)'),
    lastReconcile: db.prepare<[string], { report: string }>('SELECT report FROM live_reconciles WHERE workflow_id = ? ORDER BY id DESC LIMIT 1'),
  };

  return {
    /**
     * IMMEDIATE: the write lock first, then the reads. Several server processes
     * sharing the file (SEGFLOW_REDIS_URL) so apply one ingest at a time, each
     * reading the customers' state the previous one left; a deferred transaction
     * would read first and then fail with "database is locked" if another
     * process wrote in between.
     */
    transaction: <T>(fn: () => T): T => db.transaction(fn).immediate(),
    enable: (workflowId: string, by: string | null) => void q.enable.run(workflowId, nowIso(), by),
    disable: (workflowId: string) => void q.disable.run(workflowId),
    isEnabled: (workflowId: string) => q.enabled.get(workflowId) !== undefined,
    enabledWorkflows: () => q.allEnabled.all().map((r) => r.workflow_id),

    /** undefined: the live audience has never heard of the customer; `profile` null: events only so far. */
    customer(workflowId: string, key: string): { profile: Record<string, unknown> | null } | undefined {
      const row = q.customer.get(workflowId, key);
      return row && { profile: row.profile ? JSON.parse(row.profile) : null };
    },
    putCustomer: (workflowId: string, key: string, profile: Record<string, unknown> | null) =>
      void q.putCustomer.run(workflowId, key, profile ? JSON.stringify(profile) : null, nowIso()),
    /** False when an event of that id was stored before (a retried call). */
    addEvent: (workflowId: string, eventId: string, key: string, atMs: number | null, row: Record<string, unknown>) =>
      q.addEvent.run(workflowId, eventId, key, atMs, JSON.stringify(row)).changes > 0,
    events: (workflowId: string, key: string) => q.events.all(workflowId, key).map((r) => JSON.parse(r.row) as Record<string, unknown>),
    /** Drops events older than `beforeMs`, then the oldest beyond `keepMost`. */
    pruneEvents(workflowId: string, key: string, beforeMs: number, keepMost: number) {
      if (Number.isFinite(beforeMs)) q.pruneOld.run(workflowId, key, beforeMs);
      const extra = (q.eventCount.get(workflowId, key)?.n ?? 0) - keepMost;
      if (extra > 0) q.pruneOldest.run(workflowId, key, extra);
    },

    segmentsOf: (workflowId: string, key: string) => new Set(q.segmentsOf.all(workflowId, key).map((r) => r.segment)),
    setMember(workflowId: string, segment: string, key: string, member: boolean) {
      if (member) q.addMember.run(workflowId, segment, key, nowIso());
      else q.removeMember.run(workflowId, segment, key);
    },
    members: (workflowId: string, segment: string) => q.membersOf.all(workflowId, segment).map((r) => r.customer_key),
    memberCounts: (workflowId: string) => Object.fromEntries(q.memberCounts.all(workflowId).map((r) => [r.segment, r.n])),
    customerCount: (workflowId: string) => q.customerCount.get(workflowId)?.n ?? 0,

    addChange(c: Omit<StoredChange, 'seq' | 'at'>): StoredChange {
      const at = nowIso();
      const { seq } = q.addChange.get(c.workflowId, c.version, c.segment, c.nodeId, c.customerKey, c.change, c.row ? JSON.stringify(c.row) : null, c.cause, at) as { seq: number };
      return { ...c, seq, at };
    },
    changesAfter: (workflowId: string, after: number, limit: number) => q.changesAfter.all(workflowId, after, limit).map(changeOf),
    /** A destination's changes in (after, to]. */
    nodeChanges: (workflowId: string, nodeId: string, after: number, to: number) => q.nodeChanges.all(workflowId, nodeId, after, to).map(changeOf),
    /** The seq that ends a batch of at most `size` changes after `after`, or the last one there is. */
    batchEnd(workflowId: string, nodeId: string, after: number, size: number): number | undefined {
      const nth = q.nodeChangeBounds.get(workflowId, nodeId, after, size - 1)?.seq;
      if (nth !== undefined) return nth;
      const last = q.lastNodeChange.get(workflowId, nodeId)?.seq ?? null;
      return last !== null && last > after ? last : undefined;
    },
    cursor: (workflowId: string, nodeId: string) => {
      const c = q.cursor.get(workflowId, nodeId);
      return { delivered: c?.delivered_seq ?? 0, pendingTo: c?.pending_to ?? null };
    },
    setCursor: (workflowId: string, nodeId: string, delivered: number, pendingTo: number | null) => void q.putCursor.run(workflowId, nodeId, delivered, pendingTo),
    /** Changes a destination has not received yet. */
    pendingDeliveries(workflowId: string, nodeId: string) {
      const { delivered_seq: after = 0 } = q.cursor.get(workflowId, nodeId) ?? {};
      return q.pending.get(workflowId, nodeId, after)?.n ?? 0;
    },
    /** The delivery ledger of live batches (keys `live:workflow:node:from-to`). */
    ledger(workflowId: string): DeliveryLedger {
      return {
        delivered: async (key) => q.delivered.get(key) !== undefined,
        record: async (key) => void q.recordDelivery.run(key, workflowId, nowIso()),
      };
    },

    addReconcile: (workflowId: string, report: unknown) => void q.addReconcile.run(workflowId, nowIso(), JSON.stringify(report)),
    lastReconcile: (workflowId: string) => {
      const r = q.lastReconcile.get(workflowId);
      return r ? JSON.parse(r.report) : null;
    },
  };
}

export type LiveStore = ReturnType<typeof liveStore>;
