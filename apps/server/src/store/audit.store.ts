import type { Sqlite } from './database.ts';
import { nowIso } from './database.ts';

/** Who did what to what. The actor's email is copied, so the entry outlives the account. */
export interface AuditEntry {
  seq: number;
  at: string;
  actor: { id: string; email: string } | null;
  action: string;
  target: string;
  details: Record<string, unknown>;
}

interface Row {
  seq: number;
  at: string;
  actor_id: string | null;
  actor_email: string | null;
  action: string;
  target: string;
  details: string;
}

const entryOf = (r: Row): AuditEntry => ({
  seq: r.seq, at: r.at, actor: r.actor_id ? { id: r.actor_id, email: r.actor_email ?? '' } : null,
  action: r.action, target: r.target, details: JSON.parse(r.details),
});

export interface NewAuditEntry {
  actor: { id: string; email: string } | null;
  action: string;
  target: string;
  details?: Record<string, unknown>;
}

export function auditStore(db: Sqlite) {
  const q = {
    insert: db.prepare('INSERT INTO audit_log (at, actor_id, actor_email, action, target, details) VALUES (?, ?, ?, ?, ?, ?)'),
    page: db.prepare<[number, number], Row>('SELECT * FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT ?'),
  };
  return {
    record(entry: NewAuditEntry) {
      q.insert.run(nowIso(), entry.actor?.id ?? null, entry.actor?.email ?? null, entry.action, entry.target, JSON.stringify(entry.details ?? {}));
    },
    /** Newest first; `before` is the `seq` of the last entry of the previous page. */
    list: (limit: number, before = Number.MAX_SAFE_INTEGER) => q.page.all(before, limit).map(entryOf),
  };
}

export type AuditStore = ReturnType<typeof auditStore>;
