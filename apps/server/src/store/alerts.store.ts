import type { RunState, RunStatus, Workflow } from '@segflow/engine';
import { withDocument } from './stored-document.ts';
import type { AlertDraft, AlertKind, AlertSettings, AlertSeverity } from '../services/alerts/evaluate-run.ts';
import type { Sqlite } from './database.ts';
import { nowIso } from './database.ts';

/**
 * Where an alert's webhook delivery stands. `sending` is claimed before the POST;
 * one a stop interrupted becomes `unknown` and is never sent again: once at most.
 */
export type AlertDelivery = 'none' | 'pending' | 'sending' | 'retry' | 'sent' | 'failed' | 'unknown';

export interface Alert extends AlertDraft {
  id: number;
  workflowId: string;
  runId: string | null;
  scheduleId: string | null;
  createdAt: string;
  readAt: string | null;
  delivery: AlertDelivery;
  attempts: number;
  deliveryError: string | null;
  sentAt: string | null;
}

interface Row {
  id: number;
  condition: string;
  workflow_id: string;
  run_id: string | null;
  schedule_id: string | null;
  kind: AlertKind;
  severity: AlertSeverity;
  subject: string;
  message: string;
  details: string;
  created_at: string;
  read_at: string | null;
  delivery: AlertDelivery;
  attempts: number;
  delivery_error: string | null;
  sent_at: string | null;
}

const alertOf = (r: Row): Alert => ({
  id: r.id, workflowId: r.workflow_id, runId: r.run_id, scheduleId: r.schedule_id, kind: r.kind, severity: r.severity, subject: r.subject,
  message: r.message, details: JSON.parse(r.details), createdAt: r.created_at, readAt: r.read_at, delivery: r.delivery, attempts: r.attempts,
  deliveryError: r.delivery_error, sentAt: r.sent_at,
});

export interface NewAlert extends AlertDraft {
  /** One alert per condition, ever: `run:ID:kind:subject` or `schedule:ID:occurrence:kind`. */
  condition: string;
  workflowId: string;
  runId: string | null;
  scheduleId: string | null;
  delivery: 'none' | 'pending';
}

/** A finished run of a published version, as alert evaluation reads it. */
export interface CheckableRun {
  id: string;
  workflowId: string;
  version: number;
  status: RunStatus;
  /** Parsed when read (throws UnreadableDocument for an old row that no longer parses). */
  document: Workflow;
  state: RunState;
  note: string | null;
  finishedAt: string | null;
}

export interface AlertQuery {
  workflowId?: string;
  unread?: boolean;
  limit: number;
  /** Alerts with a smaller id (the next page). */
  before?: number;
}

type RunRow = { id: string; workflow_id: string; version: number | null; status: RunStatus; document: string; state: string; note: string | null; finished_at: string | null };

export function alertStore(db: Sqlite) {
  const q = {
    insert: db.prepare(
      `INSERT INTO alerts (condition, workflow_id, run_id, schedule_id, kind, severity, subject, message, details, created_at, delivery)
       VALUES (@condition, @workflowId, @runId, @scheduleId, @kind, @severity, @subject, @message, @details, @now, @delivery)
       ON CONFLICT (condition) DO NOTHING`,
    ),
    get: db.prepare<[number], Row>('SELECT * FROM alerts WHERE id = ?'),
    list: db.prepare<{ workflowId: string | null; unread: number; before: number; limit: number }, Row>(
      `SELECT * FROM alerts WHERE (@workflowId IS NULL OR workflow_id = @workflowId) AND (@unread = 0 OR read_at IS NULL) AND id < @before
       ORDER BY id DESC LIMIT @limit`,
    ),
    unread: db.prepare<{ workflowId: string | null }, { n: number }>(
      'SELECT count(*) AS n FROM alerts WHERE read_at IS NULL AND (@workflowId IS NULL OR workflow_id = @workflowId)',
    ),
    readOne: db.prepare('UPDATE alerts SET read_at = ? WHERE id = ? AND read_at IS NULL'),
    readAll: db.prepare('UPDATE alerts SET read_at = @now WHERE read_at IS NULL AND (@workflowId IS NULL OR workflow_id = @workflowId)'),
    countByRun: db.prepare<[string], { run_id: string; n: number }>('SELECT run_id, count(*) AS n FROM alerts WHERE workflow_id = ? AND run_id IS NOT NULL GROUP BY run_id'),
    claim: db.prepare("UPDATE alerts SET delivery = 'sending', attempts = attempts + 1 WHERE id = ? AND delivery IN ('pending', 'retry')"),
    delivered: db.prepare("UPDATE alerts SET delivery = @delivery, delivery_error = @error, sent_at = @sentAt WHERE id = @id AND delivery = 'sending'"),
    interrupted: db.prepare("UPDATE alerts SET delivery = 'unknown', delivery_error = 'The server stopped while sending; not sent again.' WHERE delivery = 'sending'"),
    undelivered: db.prepare<[], { id: number }>("SELECT id FROM alerts WHERE delivery IN ('pending', 'retry') ORDER BY id"),
    settings: db.prepare<[string], { settings: string }>('SELECT settings FROM alert_settings WHERE workflow_id = ?'),
    saveSettings: db.prepare(
      `INSERT INTO alert_settings (workflow_id, settings, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (workflow_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`,
    ),
    checked: db.prepare('INSERT INTO alert_checks (run_id, finished_at) VALUES (?, ?) ON CONFLICT (run_id) DO UPDATE SET finished_at = excluded.finished_at'),
    // Finished runs of published versions not checked since they (last) finished: a stop came between.
    unchecked: db.prepare<[], RunRow>(
      `SELECT r.id, r.workflow_id, r.version, r.status, r.document, r.state, r.note, r.finished_at FROM runs r
       LEFT JOIN alert_checks c ON c.run_id = r.id
       WHERE r.version IS NOT NULL AND r.status IN ('succeeded', 'partial', 'failed', 'cancelled')
       AND (c.run_id IS NULL OR c.finished_at IS NOT r.finished_at) ORDER BY r.rowid`,
    ),
    run: db.prepare<[string], RunRow>(
      'SELECT id, workflow_id, version, status, document, state, note, finished_at FROM runs WHERE id = ?',
    ),
    previousSucceeded: db.prepare<[string, string], { state: string }>(
      `SELECT state FROM runs WHERE workflow_id = ? AND status = 'succeeded' AND version IS NOT NULL
       AND rowid < (SELECT rowid FROM runs WHERE id = ?) ORDER BY rowid DESC LIMIT 1`,
    ),
  };

  const checkable = (r: RunRow): CheckableRun | undefined =>
    r.version === null ? undefined : withDocument({
      id: r.id, workflowId: r.workflow_id, version: r.version, status: r.status, state: JSON.parse(r.state),
      note: r.note, finishedAt: r.finished_at,
    }, r.document);

  const get = (id: number) => {
    const row = q.get.get(id);
    return row ? alertOf(row) : undefined;
  };

  return {
    get,
    /** Stores an alert unless its condition has one already; the new alert, or undefined. */
    add(alert: NewAlert): Alert | undefined {
      const { lastInsertRowid, changes } = q.insert.run({ ...alert, details: JSON.stringify(alert.details), now: nowIso() });
      return changes ? get(Number(lastInsertRowid)) : undefined;
    },
    list: ({ workflowId, unread, limit, before }: AlertQuery) =>
      q.list.all({ workflowId: workflowId ?? null, unread: unread ? 1 : 0, before: before ?? Number.MAX_SAFE_INTEGER, limit }).map(alertOf),
    unreadCount: (workflowId?: string) => q.unread.get({ workflowId: workflowId ?? null })!.n,
    markRead: (id: number) => q.readOne.run(nowIso(), id).changes === 1,
    markAllRead: (workflowId?: string) => q.readAll.run({ now: nowIso(), workflowId: workflowId ?? null }).changes,
    countsByRun: (workflowId: string) => new Map(q.countByRun.all(workflowId).map((r) => [r.run_id, r.n])),
    /** Claims an alert for one POST; false when it is sent, being sent, or not to be sent. */
    claimDelivery: (id: number) => q.claim.run(id).changes === 1,
    finishDelivery: (id: number, delivery: 'sent' | 'retry' | 'failed', error: string | null) =>
      void q.delivered.run({ id, delivery, error, sentAt: delivery === 'sent' ? nowIso() : null }),
    failInterruptedDeliveries: () => q.interrupted.run().changes,
    undelivered: () => q.undelivered.all().map((r) => r.id),
    settings: (workflowId: string): Partial<AlertSettings> | undefined => {
      const row = q.settings.get(workflowId);
      return row ? JSON.parse(row.settings) : undefined;
    },
    saveSettings: (workflowId: string, settings: AlertSettings) => void q.saveSettings.run(workflowId, JSON.stringify(settings), nowIso()),
    markChecked: (runId: string, finishedAt: string | null) => void q.checked.run(runId, finishedAt),
    unchecked: () => q.unchecked.all().flatMap((r) => checkable(r) ?? []),
    /** A finished run of a published version; undefined for drafts, unknown or unfinished runs. */
    finishedRun(runId: string): CheckableRun | undefined {
      const row = q.run.get(runId);
      return row && ['succeeded', 'partial', 'failed', 'cancelled'].includes(row.status) ? checkable(row) : undefined;
    },
    previousSucceeded: (workflowId: string, runId: string): RunState | undefined => {
      const row = q.previousSucceeded.get(workflowId, runId);
      return row ? JSON.parse(row.state) : undefined;
    },
  };
}

export type AlertStore = ReturnType<typeof alertStore>;
