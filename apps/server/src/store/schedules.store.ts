import { randomBytes } from 'node:crypto';
import type { RunMode, RunStatus } from '@segflow/engine';
import type { Sqlite } from './database.ts';
import { nowIso } from './database.ts';

/** A cron rhythm on a published version of a workflow. */
export interface Schedule {
  id: string;
  workflowId: string;
  cron: string;
  timezone: string;
  /** The version it runs; null: whatever is published latest when it fires. */
  version: number | null;
  mode: RunMode | null;
  partitions: number | null;
  /** Run once on start for occurrences missed while the server was down (else only record them). */
  catchUp: boolean;
  pausedAt: string | null;
  /** Occurrences at or before this instant (ms) are handled: fired, caught up, or recorded as missed. */
  handledUntil: number;
  createdAt: string;
  updatedAt: string;
}

export type FiringOutcome =
  /** Claimed, the run not yet started (a stop in between leaves it so; see `failInterrupted`). */
  | 'starting'
  | 'started'
  /** Run once on start for occurrences missed while the server was down. */
  | 'caught-up'
  /** Missed while the server was down and not run (catch-up off). */
  | 'missed'
  /** Not run because the schedule's previous run was still waiting in the queue. */
  | 'skipped'
  /** Could not start: nothing published, or the version has problems now. */
  | 'failed';

/** What became of one occurrence, or of a gap of missed ones (`covers` > 1, from `firstOccurrence` to `occurrence`). */
export interface Firing {
  scheduleId: string;
  occurrence: number;
  firstOccurrence: number;
  covers: number;
  outcome: FiringOutcome;
  runId: string | null;
  message: string | null;
  at: string;
}

export type RunTrigger = 'manual' | 'schedule';

interface Row {
  id: string;
  workflow_id: string;
  cron: string;
  timezone: string;
  version: number | null;
  mode: RunMode | null;
  partitions: number | null;
  catch_up: number;
  paused_at: string | null;
  handled_until: number;
  created_at: string;
  updated_at: string;
}

interface FiringRow {
  schedule_id: string;
  occurrence: number;
  first_occurrence: number;
  covers: number;
  outcome: FiringOutcome;
  run_id: string | null;
  message: string | null;
  at: string;
}

const scheduleOf = (r: Row): Schedule => ({
  id: r.id, workflowId: r.workflow_id, cron: r.cron, timezone: r.timezone, version: r.version, mode: r.mode, partitions: r.partitions,
  catchUp: r.catch_up === 1, pausedAt: r.paused_at, handledUntil: r.handled_until, createdAt: r.created_at, updatedAt: r.updated_at,
});

const firingOf = (r: FiringRow): Firing => ({
  scheduleId: r.schedule_id, occurrence: r.occurrence, firstOccurrence: r.first_occurrence, covers: r.covers,
  outcome: r.outcome, runId: r.run_id, message: r.message, at: r.at,
});

export type ScheduleInput = Pick<Schedule, 'workflowId' | 'cron' | 'timezone' | 'version' | 'mode' | 'partitions' | 'catchUp'> & { paused: boolean };
export type ScheduleChange = Partial<Pick<Schedule, 'cron' | 'timezone' | 'version' | 'mode' | 'partitions' | 'catchUp'>>;

export function scheduleStore(db: Sqlite) {
  const q = {
    insert: db.prepare(
      `INSERT INTO schedules (id, workflow_id, cron, timezone, version, mode, partitions, catch_up, paused_at, handled_until, created_at, updated_at)
       VALUES (@id, @workflowId, @cron, @timezone, @version, @mode, @partitions, @catchUp, @pausedAt, @handledUntil, @now, @now)`,
    ),
    get: db.prepare<[string], Row>('SELECT * FROM schedules WHERE id = ?'),
    byWorkflow: db.prepare<[string], Row>('SELECT * FROM schedules WHERE workflow_id = ? ORDER BY rowid'),
    active: db.prepare<[], Row>('SELECT * FROM schedules WHERE paused_at IS NULL ORDER BY rowid'),
    update: db.prepare(
      `UPDATE schedules SET cron = @cron, timezone = @timezone, version = @version, mode = @mode, partitions = @partitions,
       catch_up = @catchUp, handled_until = max(handled_until, @handledUntil), updated_at = @now WHERE id = @id`,
    ),
    pause: db.prepare('UPDATE schedules SET paused_at = ?, updated_at = ? WHERE id = ? AND paused_at IS NULL'),
    // What fell due while paused was chosen not to run: resuming starts from now.
    resume: db.prepare('UPDATE schedules SET paused_at = NULL, handled_until = max(handled_until, ?), updated_at = ? WHERE id = ? AND paused_at IS NOT NULL'),
    remove: db.prepare('DELETE FROM schedules WHERE id = ?'),
    // Compare-and-set on handled_until: an occurrence is claimed once, whoever asks twice.
    advance: db.prepare('UPDATE schedules SET handled_until = @until WHERE id = @id AND handled_until = @from AND paused_at IS NULL'),
    insertFiring: db.prepare(
      `INSERT INTO schedule_firings (schedule_id, occurrence, first_occurrence, covers, outcome, run_id, message, at)
       VALUES (@scheduleId, @occurrence, @firstOccurrence, @covers, @outcome, @runId, @message, @at)`,
    ),
    settleFiring: db.prepare('UPDATE schedule_firings SET outcome = @outcome, run_id = @runId, message = @message WHERE schedule_id = @scheduleId AND occurrence = @occurrence'),
    firings: db.prepare<[string, number], FiringRow>('SELECT * FROM schedule_firings WHERE schedule_id = ? ORDER BY occurrence DESC LIMIT ?'),
    interrupted: db.prepare(
      "UPDATE schedule_firings SET outcome = 'failed', message = 'The server stopped before the run started.' WHERE outcome = 'starting'",
    ),
    trigger: db.prepare('UPDATE runs SET triggered_by = ?, schedule_id = ? WHERE id = ?'),
    lastRunStatus: db.prepare<[string], { status: RunStatus }>('SELECT status FROM runs WHERE schedule_id = ? ORDER BY rowid DESC LIMIT 1'),
    triggers: db.prepare<[string], { id: string; triggered_by: RunTrigger; schedule_id: string | null }>(
      'SELECT id, triggered_by, schedule_id FROM runs WHERE workflow_id = ?',
    ),
    triggerOf: db.prepare<[string], { triggered_by: RunTrigger; schedule_id: string | null }>('SELECT triggered_by, schedule_id FROM runs WHERE id = ?'),
  };

  const get = (id: string) => {
    const row = q.get.get(id);
    return row ? scheduleOf(row) : undefined;
  };

  return {
    get,
    byWorkflow: (workflowId: string) => q.byWorkflow.all(workflowId).map(scheduleOf),
    active: () => q.active.all().map(scheduleOf),
    create(input: ScheduleInput, now: number): Schedule {
      const id = `sch_${randomBytes(9).toString('base64url')}`;
      q.insert.run({
        ...input, id, catchUp: input.catchUp ? 1 : 0, pausedAt: input.paused ? new Date(now).toISOString() : null, handledUntil: now, now: nowIso(),
      });
      return get(id)!;
    },
    /** A new rhythm starts from now: occurrences the old one had due are not caught up under the new one. */
    update(id: string, change: ScheduleChange, now: number): Schedule | undefined {
      const current = get(id);
      if (!current) return undefined;
      const next = { ...current, ...change };
      const rhythmChanged = next.cron !== current.cron || next.timezone !== current.timezone;
      q.update.run({
        id, cron: next.cron, timezone: next.timezone, version: next.version, mode: next.mode, partitions: next.partitions,
        catchUp: next.catchUp ? 1 : 0, handledUntil: rhythmChanged ? now : current.handledUntil, now: nowIso(),
      });
      return get(id);
    },
    pause: (id: string, now: number) => q.pause.run(new Date(now).toISOString(), nowIso(), id).changes === 1,
    resume: (id: string, now: number) => q.resume.run(now, nowIso(), id).changes === 1,
    remove: (id: string) => q.remove.run(id).changes === 1,
    /**
     * Claims the occurrences in (from, until] for one firing, in one transaction with
     * its record: false when they were claimed already or the schedule was paused or deleted.
     */
    claim: db.transaction((firing: Omit<Firing, 'at' | 'runId'>, from: number): boolean => {
      if (q.advance.run({ id: firing.scheduleId, from, until: firing.occurrence }).changes !== 1) return false;
      q.insertFiring.run({ ...firing, runId: null, at: nowIso() });
      return true;
    }),
    settle: (scheduleId: string, occurrence: number, outcome: FiringOutcome, runId: string | null, message: string | null) =>
      void q.settleFiring.run({ scheduleId, occurrence, outcome, runId, message }),
    firings: (scheduleId: string, limit = 20) => q.firings.all(scheduleId, limit).map(firingOf),
    /** Firings a stop caught between claiming and starting: recorded as failed, never started twice. */
    failInterrupted: () => q.interrupted.run().changes,
    /** Marks who started a run; called right after the run row exists, before it can finish. */
    markTrigger: (runId: string, trigger: RunTrigger, scheduleId: string | null) => void q.trigger.run(trigger, scheduleId, runId),
    lastRunStatus: (scheduleId: string) => q.lastRunStatus.get(scheduleId)?.status,
    /** Who started each run of a workflow. */
    triggersOf: (workflowId: string) =>
      new Map(q.triggers.all(workflowId).map((r) => [r.id, { trigger: r.triggered_by, scheduleId: r.schedule_id }] as const)),
    triggerOf(runId: string): { trigger: RunTrigger; scheduleId: string | null } {
      const row = q.triggerOf.get(runId);
      return { trigger: row?.triggered_by ?? 'manual', scheduleId: row?.schedule_id ?? null };
    },
  };
}

export type ScheduleStore = ReturnType<typeof scheduleStore>;
