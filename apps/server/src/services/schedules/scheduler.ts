import type { Logger } from 'pino';
import type { Firing, Schedule, ScheduleStore } from '../../store/schedules.store.ts';
import type { Clock } from './clock.ts';
import { nextOccurrences, occurrencesBetween } from './cron.ts';

/** Starts the run of one occurrence, or says why it cannot. */
export type LaunchRun = (schedule: Schedule, occurrence: number) => Promise<{ runId: string } | { problem: string }>;

export interface SchedulerOptions {
  store: ScheduleStore;
  clock: Clock;
  logger: Logger;
  launch: LaunchRun;
  /** Told of every settled firing (the alerts raise one for a failed or missed one). */
  onFiring?: (schedule: Schedule, firing: Firing) => void;
}

// The timer wakes at least this often, so a wall clock that jumped (NTP, a suspended laptop) is noticed,
// and so are schedules another server made (queue mode: several servers claim occurrences in one SQLite).
const MAX_SLEEP_MS = 60_000;

/**
 * Fires each schedule's occurrences once. Every look at the schedules ("a tick")
 * handles what is due up to now: one occurrence normally, a gap of several after a
 * stop (run once on start when the schedule catches up, else recorded as missed),
 * or after a late timer (run once, the gap recorded with the firing). An occurrence
 * is claimed in SQLite before its run starts, so none is run twice, across restarts too.
 */
export class Scheduler {
  private cancelTimer?: () => void;
  private work: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly o: SchedulerOptions) {}

  /** Handles what fell due while the server was down, then follows the schedules. */
  start(): Promise<void> {
    const interrupted = this.o.store.failInterrupted();
    if (interrupted) this.o.logger.warn({ firings: interrupted }, 'scheduled runs a stop caught before they started are recorded as failed');
    return this.enqueue('start');
  }

  /** Looks again after a schedule was created, changed, paused, resumed or deleted. */
  refresh(): Promise<void> {
    return this.enqueue('timer');
  }

  /** Stops the timer and waits for a tick in progress; the runs it started are the run service's. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelTimer?.();
    await this.work;
  }

  // Ticks run one after another, so no two look at the same occurrence at once.
  private enqueue(reason: 'start' | 'timer'): Promise<void> {
    this.work = this.work.then(() => this.tick(reason)).catch((err: unknown) => this.o.logger.error({ err }, 'the scheduler failed'));
    return this.work;
  }

  private async tick(reason: 'start' | 'timer'): Promise<void> {
    if (this.stopped) return;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    const now = this.o.clock.now();
    for (const schedule of this.o.store.active()) {
      if (this.stopped) return;
      try {
        await this.fireDue(schedule, now, reason === 'start');
      } catch (err) {
        this.o.logger.error({ err, scheduleId: schedule.id }, 'a scheduled occurrence failed');
      }
    }
    this.arm();
  }

  private async fireDue(schedule: Schedule, now: number, afterStop: boolean): Promise<void> {
    const due = occurrencesBetween(schedule, schedule.handledUntil, now);
    if (!due.count) return;
    const gap = due.count > 1 ? `${due.capped ? 'at least ' : ''}${due.count} occurrences` : 'the occurrence';
    const base = { scheduleId: schedule.id, occurrence: due.last!, firstOccurrence: due.first!, covers: due.count };
    if (afterStop && !schedule.catchUp) {
      const message = `The server was down at ${gap}; catch-up is off, so nothing ran.`;
      if (this.o.store.claim({ ...base, outcome: 'missed', message }, schedule.handledUntil)) this.settled(schedule, due.last!);
      return;
    }
    if (!this.o.store.claim({ ...base, outcome: 'starting', message: null }, schedule.handledUntil)) return;
    const note = afterStop
      ? `The server was down at ${gap}: run once on start.`
      : due.count > 1 ? `${gap} fell due at once (a late timer): run once.` : null;
    if (this.o.store.lastRunStatus(schedule.id) === 'queued') {
      this.o.store.settle(schedule.id, due.last!, 'skipped', null, 'The previous scheduled run was still waiting in the queue.');
      return this.settled(schedule, due.last!);
    }
    const launched = await this.o.launch(schedule, due.last!).catch((err: Error) => ({ problem: `The run could not start: ${err.message}` }));
    if ('problem' in launched) this.o.store.settle(schedule.id, due.last!, 'failed', null, launched.problem);
    else this.o.store.settle(schedule.id, due.last!, afterStop ? 'caught-up' : 'started', launched.runId, note);
    this.settled(schedule, due.last!);
  }

  private settled(schedule: Schedule, occurrence: number): void {
    const firing = this.o.store.firings(schedule.id, 1)[0];
    if (firing?.occurrence === occurrence) this.o.onFiring?.(schedule, firing);
  }

  private arm(): void {
    if (this.stopped) return;
    const now = this.o.clock.now();
    let next = Infinity;
    for (const schedule of this.o.store.active()) {
      try {
        const [at] = nextOccurrences(schedule, schedule.handledUntil, 1);
        if (at !== undefined) next = Math.min(next, at);
      } catch (err) {
        this.o.logger.error({ err, scheduleId: schedule.id }, 'a schedule has an expression the cron library refuses');
      }
    }
    // With nothing due it still wakes: in queue mode another server on the data folder may create a schedule.
    if (next === Infinity) next = now + MAX_SLEEP_MS;
    const delay = next <= now ? 1_000 : Math.min(next - now, MAX_SLEEP_MS);
    this.cancelTimer = this.o.clock.setTimer(() => void this.enqueue('timer'), delay);
  }
}
