import { initialRunState, type Problem, type RunEvent, type RunMode, type RunState, type RunStatus, type Workflow } from '@segflow/engine';
import { documentText, withDocument } from './stored-document.ts';
import type { Sqlite } from './database.ts';
import { nowIso } from './database.ts';
import { newId } from './ids.ts';

export interface Run {
  id: string;
  workflowId: string;
  /** The published version that ran; null for a draft. */
  version: number | null;
  status: RunStatus;
  mode: RunMode;
  partitions: number;
  asOf: string;
  /** The document that ran, parsed when read (throws UnreadableDocument for an old row that no longer parses). */
  document: Workflow;
  /** The fold of the run's events so far (see reduceRunEvent). */
  state: RunState;
  /** Validation warnings the run started with. */
  problems: Problem[];
  /** Why a run ended without the engine saying so (a crash, a document that broke). */
  note: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  prunedAt: string | null;
  /** When someone asked to cancel the open run; a run still open at the next start is then finished as cancelled. */
  cancelRequestedAt: string | null;
}

interface Row {
  id: string;
  workflow_id: string;
  version: number | null;
  status: RunStatus;
  mode: RunMode;
  partitions: number;
  as_of: string;
  document: string;
  state: string;
  problems: string;
  note: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  pruned_at: string | null;
  cancel_requested_at: string | null;
}

const runOf = (r: Row): Run => withDocument({
  id: r.id, workflowId: r.workflow_id, version: r.version, status: r.status, mode: r.mode, partitions: r.partitions, asOf: r.as_of,
  state: JSON.parse(r.state), problems: JSON.parse(r.problems), note: r.note,
  createdAt: r.created_at, startedAt: r.started_at, finishedAt: r.finished_at, prunedAt: r.pruned_at,
  cancelRequestedAt: r.cancel_requested_at,
}, r.document);

export const FINAL_STATUSES: readonly RunStatus[] = ['succeeded', 'partial', 'failed', 'cancelled'];
export const isFinal = (status: RunStatus) => FINAL_STATUSES.includes(status);
/** Finished runs whose failed and skipped nodes `POST /runs/:id/retry` may run again. */
export const RETRYABLE_STATUSES: readonly RunStatus[] = ['partial', 'failed'];
export const isRetryable = (run: Pick<Run, 'status' | 'prunedAt'>) => RETRYABLE_STATUSES.includes(run.status) && !run.prunedAt;

/** What became of an event given to `append`. */
export type AppendResult =
  /** Stored, and the row's state with it. */
  | 'stored'
  /** Refused: the run has finished (its log is closed), so the event must not be published either. */
  | 'closed'
  /** The run is gone (its workflow was deleted). */
  | 'gone';

export interface NewRun {
  workflowId: string;
  version: number | null;
  mode: RunMode;
  partitions: number;
  asOf: string;
  document: Workflow;
}

export function runStore(db: Sqlite) {
  const q = {
    insert: db.prepare(
      `INSERT INTO runs (id, workflow_id, version, status, mode, partitions, as_of, document, state, created_at)
       VALUES (@id, @workflowId, @version, 'queued', @mode, @partitions, @asOf, @document, @state, @now)`,
    ),
    get: db.prepare<[string], Row>('SELECT * FROM runs WHERE id = ?'),
    byWorkflow: db.prepare<[string, number], Row>('SELECT * FROM runs WHERE workflow_id = ? ORDER BY rowid DESC LIMIT ?'),
    unfinished: db.prepare<[], Row>("SELECT * FROM runs WHERE status IN ('queued', 'running') ORDER BY rowid"),
    // Every status change is conditional on the current one: a finished run never changes again, except by a retry.
    started: db.prepare("UPDATE runs SET status = 'running', started_at = coalesce(started_at, ?) WHERE id = ? AND status IN ('queued', 'running')"),
    requeue: db.prepare(
      "UPDATE runs SET status = 'queued', finished_at = NULL, note = NULL, cancel_requested_at = NULL WHERE id = ? AND status IN ('partial', 'failed') AND pruned_at IS NULL",
    ),
    cancelRequested: db.prepare("UPDATE runs SET cancel_requested_at = coalesce(cancel_requested_at, ?) WHERE id = ? AND status IN ('queued', 'running')"),
    status: db.prepare<[string], { status: RunStatus }>('SELECT status FROM runs WHERE id = ?'),
    problems: db.prepare('UPDATE runs SET problems = ? WHERE id = ?'),
    state: db.prepare(
      `UPDATE runs SET state = @state, status = @status, started_at = coalesce(started_at, @startedAt),
       finished_at = coalesce(@finishedAt, finished_at), note = coalesce(@note, note) WHERE id = @id AND status IN ('queued', 'running')`,
    ),
    append: db.prepare('INSERT INTO run_events (run_id, seq, type, json) VALUES (?, ?, ?, ?)'),
    events: db.prepare<[string, number], { json: string }>('SELECT json FROM run_events WHERE run_id = ? AND seq > ? ORDER BY seq'),
    prunable: db.prepare<{ workflowId: string; keep: number }, { id: string }>(
      `SELECT id FROM runs WHERE workflow_id = @workflowId AND status IN ('succeeded', 'partial', 'failed', 'cancelled') AND pruned_at IS NULL
       AND rowid NOT IN (SELECT rowid FROM runs WHERE workflow_id = @workflowId ORDER BY rowid DESC LIMIT @keep)`,
    ),
    deleteEvents: db.prepare('DELETE FROM run_events WHERE run_id = ?'),
    deleteDeliveries: db.prepare('DELETE FROM deliveries WHERE run_id = ?'),
    keepResults: db.prepare<[string], { id: string }>(
      `SELECT id FROM runs WHERE workflow_id = ? AND (status IN ('queued', 'running') OR (status IN ('partial', 'failed') AND pruned_at IS NULL))`,
    ),
    endedForGood: db.prepare<[], { id: string }>(
      "SELECT id FROM runs WHERE NOT (status IN ('queued', 'running') OR (status IN ('partial', 'failed') AND pruned_at IS NULL))",
    ),
    pruned: db.prepare('UPDATE runs SET pruned_at = ? WHERE id = ?'),
    lastSucceededOf: db.prepare<[string, number], Row>(
      "SELECT * FROM runs WHERE workflow_id = ? AND version = ? AND status = 'succeeded' ORDER BY rowid DESC LIMIT 1",
    ),
    lastSucceededIdOf: db.prepare<[string, number], { id: string }>(
      "SELECT id FROM runs WHERE workflow_id = ? AND version = ? AND status = 'succeeded' ORDER BY rowid DESC LIMIT 1",
    ),
    latestSucceeded: db.prepare<[string], Row>(
      `SELECT * FROM runs WHERE workflow_id = ? AND version IS NOT NULL AND status = 'succeeded'
       AND rowid IN (SELECT max(rowid) FROM runs WHERE status = 'succeeded' AND version IS NOT NULL GROUP BY workflow_id, version)`,
    ),
  };

  const get = (id: string) => {
    const row = q.get.get(id);
    return row ? runOf(row) : undefined;
  };

  const append = db.transaction((id: string, event: RunEvent, state: RunState, note?: string): AppendResult => {
    const current = q.status.get(id)?.status;
    if (!current) return 'gone';
    if (isFinal(current)) return 'closed';
    q.append.run(id, event.seq, event.type, JSON.stringify(event));
    if (event.type === 'node-started' || event.type === 'node-progress' || event.type === 'node-retrying') return 'stored';
    // A retried run's state says how it ended last time until its run-resumed event: the row stays queued or running.
    const status = event.type === 'run-finished' ? event.status : state.status === 'running' ? 'running' : current;
    q.state.run({
      id, state: JSON.stringify(state), status, startedAt: state.startedAt ?? null,
      finishedAt: event.type === 'run-finished' ? event.at : null, note: note ?? null,
    });
    return 'stored';
  });

  return {
    get,
    /** The last successful run of a published version: where its rank cut points come from. */
    lastSucceededOf(workflowId: string, version: number): Run | undefined {
      const row = q.lastSucceededOf.get(workflowId, version);
      return row ? runOf(row) : undefined;
    },
    /** The same run's id alone, for a per-request check that reads no run state. */
    lastSucceededIdOf: (workflowId: string, version: number): string | undefined => q.lastSucceededIdOf.get(workflowId, version)?.id,
    create(input: NewRun): Run {
      const id = newId('run');
      q.insert.run({ ...input, id, document: documentText(input.document), state: JSON.stringify(initialRunState(id)), now: nowIso() });
      return get(id)!;
    },
    listByWorkflow: (workflowId: string, limit = 100) => q.byWorkflow.all(workflowId, limit).map(runOf),
    unfinished: () => q.unfinished.all().map(runOf),
    /** queued → running (a run a crash left running stays so); false when the run has finished meanwhile (cancelled). */
    markStarted: (id: string) => q.started.run(nowIso(), id).changes === 1,
    /** partial | failed → queued, for a retry; false when the run is in another state or pruned. */
    requeue: (id: string) => q.requeue.run(id).changes === 1,
    /** Remembers a cancel of an open run (until it ends, or a retry queues it again); false when the run has finished. */
    requestCancel: (id: string) => q.cancelRequested.run(nowIso(), id).changes === 1,
    setProblems: (id: string, problems: Problem[]) => void q.problems.run(JSON.stringify(problems), id),
    /**
     * Appends an event and, when it changes what a reader of the run row sees (a
     * node or the run finished), the folded state: in one transaction, so the row
     * never runs ahead of the events. Only a queued or running run takes events:
     * once one `run-finished` is stored, a late one (a cancel racing the end) is
     * refused, so a cancelled run never turns succeeded. Immediate: it reads, then
     * writes, and a deferred one fails at once ("database is locked") when another
     * process (a queue worker recording a delivery) wrote in between.
     */
    append: (...args: Parameters<typeof append>) => append.immediate(...args),
    events: (id: string, after = 0) => q.events.all(id, after).map((r) => JSON.parse(r.json) as RunEvent),
    /** Finished runs of a workflow beyond the newest `keep`, whose files and events may go. */
    prunable: (workflowId: string, keep: number) => q.prunable.all({ workflowId, keep }).map((r) => r.id),
    markPruned: db.transaction((id: string) => {
      q.deleteEvents.run(id);
      q.deleteDeliveries.run(id);
      q.pruned.run(nowIso(), id);
    }),
    /** Runs of a workflow whose node results must be kept: unfinished ones, and retryable ones. */
    keepingResults: (workflowId: string) => q.keepResults.all(workflowId).map((r) => r.id),
    /** Every run that may still go on (unfinished, or retryable): what a sweep of leftovers keeps. */
    /** Runs no retry or resume can go on with: succeeded, cancelled, or failed and pruned. */
    endedForGood: () => q.endedForGood.all().map((r) => r.id),
    /** The newest succeeded run of each published version of a workflow. */
    latestSucceededByVersion: (workflowId: string) => new Map(q.latestSucceeded.all(workflowId).map((r) => [r.version!, runOf(r)])),
  };
}

export type RunStore = ReturnType<typeof runStore>;
