import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Sqlite } from '../../store/database.ts';
import { runStore } from '../../store/runs.store.ts';
import { scheduleStore, type Schedule, type ScheduleStore } from '../../store/schedules.store.ts';
import { workflowStore } from '../../store/workflows.store.ts';
import { manualClock, type ManualClock } from './clock.ts';
import { Scheduler } from './scheduler.ts';

const MINUTE = 60_000;
const EMPTY = { schemaVersion: 1 as const, name: '', nodes: [], edges: [] };
const START = '2024-05-01T10:00:30Z';
const iso = (ms: number) => new Date(ms).toISOString();

describe('the scheduler', () => {
  let db: Sqlite;
  let store: ScheduleStore;
  let clock: ManualClock;
  let workflowId: string;
  let launched: { scheduleId: string; occurrence: string }[];
  /** The status the runs it starts are left in (a run still queued makes the next occurrence skip). */
  let leaveRuns: 'queued' | 'succeeded';
  const schedulers: Scheduler[] = [];

  // A scheduler over the same database: a new one is a restarted server.
  function scheduler() {
    const runs = runStore(db);
    const s = new Scheduler({
      store, clock, logger: pino({ level: 'silent' }),
      async launch(schedule: Schedule, occurrence: number) {
        launched.push({ scheduleId: schedule.id, occurrence: iso(occurrence) });
        const run = runs.create({ workflowId, version: 1, mode: 'sequential', partitions: 1, asOf: '2024-05-01', document: EMPTY });
        store.markTrigger(run.id, 'schedule', schedule.id);
        db.prepare('UPDATE runs SET status = ? WHERE id = ?').run(leaveRuns, run.id);
        return { runId: run.id };
      },
    });
    schedulers.push(s);
    return s;
  }

  const everyMinute = (catchUp = true) =>
    store.create({ workflowId, cron: '* * * * *', timezone: 'UTC', version: null, mode: null, partitions: null, catchUp, paused: false }, clock.now());

  beforeEach(() => {
    db = openStore(':memory:');
    store = scheduleStore(db);
    clock = manualClock(START);
    workflowId = workflowStore(db).create({ name: 'w', document: EMPTY }).id;
    launched = [];
    leaveRuns = 'succeeded';
  });
  afterEach(async () => {
    await Promise.all(schedulers.splice(0).map((s) => s.stop()));
    db.close();
  });

  it('fires each occurrence once, at its time', async () => {
    const schedule = everyMinute();
    const s = scheduler();
    await s.start();
    expect(launched).toEqual([]);
    await clock.advance(29_000);
    expect(launched).toEqual([]);
    await clock.advance(1_000);
    expect(launched).toEqual([{ scheduleId: schedule.id, occurrence: '2024-05-01T10:01:00.000Z' }]);
    // Looking again (a refresh after an edit) finds nothing new to fire.
    await s.refresh();
    await clock.advance(MINUTE - 1);
    expect(launched).toHaveLength(1);
    await clock.advance(1);
    expect(launched.map((l) => l.occurrence)).toEqual(['2024-05-01T10:01:00.000Z', '2024-05-01T10:02:00.000Z']);
    expect(store.firings(schedule.id).map((f) => [f.outcome, f.covers])).toEqual([['started', 1], ['started', 1]]);
  });

  it('runs the occurrences missed while stopped once on start, and records how many', async () => {
    const schedule = everyMinute(true);
    const first = scheduler();
    await first.start();
    await clock.advance(30_000);
    expect(launched).toHaveLength(1);
    await first.stop();

    clock.set(Date.parse('2024-05-01T10:10:30Z'));
    await scheduler().start();
    expect(launched.map((l) => l.occurrence)).toEqual(['2024-05-01T10:01:00.000Z', '2024-05-01T10:10:00.000Z']);
    const [caughtUp] = store.firings(schedule.id);
    expect(caughtUp).toMatchObject({ outcome: 'caught-up', covers: 9, firstOccurrence: Date.parse('2024-05-01T10:02:00Z'), occurrence: Date.parse('2024-05-01T10:10:00Z') });
    expect(caughtUp.message).toMatch(/down at 9 occurrences/);

    // A second restart at the same moment has nothing left to catch up.
    await schedulers.at(-1)!.stop();
    await scheduler().start();
    expect(launched).toHaveLength(2);
    await clock.advance(MINUTE);
    expect(launched.at(-1)!.occurrence).toBe('2024-05-01T10:11:00.000Z');
  });

  it('records missed occurrences without running them when catch-up is off', async () => {
    const schedule = everyMinute(false);
    await scheduler().start();
    await schedulers[0].stop();
    clock.set(Date.parse('2024-05-01T10:05:30Z'));
    const reported: string[] = [];
    const s = new Scheduler({ store, clock, logger: pino({ level: 'silent' }), launch: async () => ({ problem: 'never' }), onFiring: (_s, f) => reported.push(f.outcome) });
    schedulers.push(s);
    await s.start();
    expect(store.firings(schedule.id)[0]).toMatchObject({ outcome: 'missed', covers: 5, runId: null });
    expect(reported).toEqual(['missed']);
  });

  it('stops firing while paused and does not catch up the pause on resume', async () => {
    const schedule = everyMinute();
    const s = scheduler();
    await s.start();
    await clock.advance(30_000);
    expect(launched).toHaveLength(1);
    store.pause(schedule.id, clock.now());
    await s.refresh();
    await clock.advance(5 * MINUTE);
    expect(launched).toHaveLength(1);
    store.resume(schedule.id, clock.now());
    await s.refresh();
    expect(launched).toHaveLength(1);
    await clock.advance(MINUTE);
    expect(launched.map((l) => l.occurrence)).toEqual(['2024-05-01T10:01:00.000Z', '2024-05-01T10:07:00.000Z']);
  });

  it('runs once for several occurrences a late timer finds due, and says so', async () => {
    const schedule = everyMinute();
    const s = scheduler();
    await s.start();
    clock.set(Date.parse('2024-05-01T10:03:10Z'));
    await s.refresh();
    expect(launched.map((l) => l.occurrence)).toEqual(['2024-05-01T10:03:00.000Z']);
    expect(store.firings(schedule.id)[0]).toMatchObject({ outcome: 'started', covers: 3 });
  });

  it('skips an occurrence while its previous run still waits in the queue, and records it', async () => {
    const schedule = everyMinute();
    leaveRuns = 'queued';
    await scheduler().start();
    await clock.advance(30_000 + MINUTE);
    expect(launched).toHaveLength(1);
    expect(store.firings(schedule.id).map((f) => f.outcome)).toEqual(['skipped', 'started']);
  });

  it('records an occurrence that cannot start, and one a stop caught between claiming and starting', async () => {
    const schedule = everyMinute();
    const s = new Scheduler({ store, clock, logger: pino({ level: 'silent' }), launch: async () => ({ problem: 'Nothing is published yet.' }) });
    schedulers.push(s);
    await s.start();
    await clock.advance(30_000);
    expect(store.firings(schedule.id)[0]).toMatchObject({ outcome: 'failed', message: 'Nothing is published yet.' });

    store.claim({ scheduleId: schedule.id, occurrence: Date.parse('2024-05-01T10:02:00Z'), firstOccurrence: Date.parse('2024-05-01T10:02:00Z'), covers: 1, outcome: 'starting', message: null }, Date.parse('2024-05-01T10:01:00Z'));
    await s.stop();
    await scheduler().start();
    expect(store.firings(schedule.id)[0]).toMatchObject({ outcome: 'failed', message: 'The server stopped before the run started.' });
    expect(launched).toEqual([]);
  });
});
