import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { dropWarehouseRuns, initialRunState, reduceRunEvent, reduceRunEvents, runWorkflow, type AddressAllowList, type CredentialResolver, type Database, type RunEvent, type RunState, type RunStatus, type SuppressionList } from '@segflow/engine/node';
import { isFinal, RETRYABLE_STATUSES, type NewRun, type Run, type RunStore } from '../store/runs.store.ts';
import { deliveriesStore, snapshotDir, type DeliveriesStore } from '../store/deliveries.store.ts';
import type { RunEventHub } from '../sse/run-event-hub.ts';
import { runOutputDir, type DataPaths } from './data-paths.ts';
import { pathResolver } from './resolve-path.ts';
import { hideDataDir, withoutDataDir } from '../http/hide-data-dir.ts';
import { closingEvents, publicEvent, summarize, type Finished } from './run-events.ts';
import { runResults, runTablePrefix, type RunResults } from './run-results.ts';
import { sweepWarehouses } from './warehouse-sweep.ts';

export interface RunServiceOptions {
  runs: RunStore;
  hub: RunEventHub;
  paths: DataPaths;
  maxConcurrentRuns: number;
  retainRuns: number;
  logger: Logger;
  /** Addresses webhooks and databases may reach besides public ones. */
  webhookAllowList?: AddressAllowList;
  /** What connection and secret names in documents stand for, read when a delivery starts. */
  credentials?: CredentialResolver;
  /** The suppression lists in force, read when a published run starts. */
  suppression?: () => SuppressionList[];
  /** How long a cancelled run's engine may take to let go before the run is ended without it (default CANCEL_GRACE_MS). */
  cancelGraceMs?: number;
  /** The engine (default runWorkflow); tests wrap it to play one that no longer hears a cancel. */
  engine?: typeof runWorkflow;
  /** Opens a workflow's results file: the server attaches it to its shared DuckDB, within the memory budget. */
  openResults?: (path: string) => Promise<Database>;
  /** Queue mode: runs are handed to workers (see queue/) instead of running in this process. */
  dispatch?: RunDispatch;
  /**
   * Each run keeps its node results in a file of its own, not its workflow's: a queue worker's
   * runs, as two runs of one workflow may execute on two workers, and DuckDB lets one process open a file.
   */
  resultsPerRun?: boolean;
  /** The names of the stored warehouse connections, swept at start for work schemas a crash left behind. */
  connections?: () => string[];
}

/** Where queue mode sends runs: `submit` again for the same run is harmless (the queue knows it by id). */
export interface RunDispatch {
  submit(runId: string): void;
  /** Tells the worker executing the run to stop it. */
  cancel(runId: string): void;
}

/** A cancelled run normally stops within milliseconds (every external call obeys the cancel); this is the backstop. */
export const CANCEL_GRACE_MS = 3_000;

interface ActiveRun {
  controller: AbortController;
  /** The fold of the run's stored events. */
  state: RunState;
  done: Promise<void>;
  /** Settles once the run's slot is free: the engine let go, or a cancel stopped waiting for it. */
  released: Promise<void>;
  release(): void;
}

/**
 * Runs workflows in this process, at most `maxConcurrentRuns` at once, the rest
 * waiting in a queue. Runs survive a crash: node results live in the workflow's
 * DuckDB file (see runResults), each engine event is appended to SQLite before it
 * is published to the SSE streams, and delivered batches are in the SQLite ledger.
 * On start, runs a crash (or a stop) left open are resumed: finished nodes are
 * reused, delivered batches are not sent again.
 */
export class RunService {
  private readonly queue: string[] = [];
  private readonly active = new Map<string, ActiveRun>();
  /** Cleanup after runs (dropping tables), awaited by close. */
  private readonly background = new Set<Promise<void>>();
  private readonly results: RunResults;
  private readonly deliveries: DeliveriesStore;
  private closing = false;

  constructor(private readonly o: RunServiceOptions) {
    const dir = join(o.paths.root, 'results');
    mkdirSync(dir, { recursive: true });
    this.results = runResults(dir, o.openResults);
    this.deliveries = deliveriesStore(o.paths.database);
  }

  /** Records a queued run and starts it when a slot is free. */
  start(input: NewRun): Run {
    const run = this.o.runs.create(input);
    this.enqueue(run.id);
    return this.o.runs.get(run.id)!;
  }

  /**
   * Runs again what failed or was skipped in a `partial` or `failed` run, as the
   * same run (its events go on, its ledger skips delivered batches). Undefined
   * when the run is not retryable (running, succeeded, cancelled, pruned).
   */
  retry(runId: string): Run | undefined {
    if (this.closing || !this.o.runs.requeue(runId)) return undefined;
    this.enqueue(runId);
    return this.o.runs.get(runId);
  }

  /**
   * Queues the runs a crash or a stop left queued or running, to resume them,
   * and drops result tables no run needs any more.
   * @returns how many runs are resumed.
   */
  resumeInterrupted(): number {
    this.sweepWarehouses();
    const open = this.o.runs.unfinished();
    // Queue mode: workers may be running these right now; the queue runs each once, whoever submits it.
    if (this.o.dispatch) {
      for (const run of open) this.o.dispatch.submit(run.id);
      return open.length;
    }
    // A run whose cancel the stop interrupted ends as the cancel asked, instead of running again.
    for (const run of open.filter((r) => r.cancelRequestedAt)) {
      this.finishStored(run.id, 'cancelled', 'Cancelled; the server stopped before the run had ended.');
      this.afterRun(run, 'cancelled');
    }
    const resumed = open.filter((r) => !r.cancelRequestedAt);
    for (const run of resumed) this.queue.push(run.id);
    this.pump();
    this.inBackground(this.results.sweep((workflowId) => this.o.runs.keepingResults(workflowId)), 'dropping leftover result tables failed');
    return resumed.length;
  }

  /** 1 for the next run to start; undefined when the run is not waiting. */
  queuePosition(runId: string): number | undefined {
    const i = this.queue.indexOf(runId);
    return i < 0 ? undefined : i + 1;
  }

  /** The freshest state: in memory while running (the row is written only when nodes finish). */
  liveState(runId: string): RunState | undefined {
    return this.active.get(runId)?.state;
  }

  counts = () => ({ running: this.active.size, queued: this.queue.length });

  /** The run whose member keys a destination of the workflow last received (change-only deliveries diff against it). */
  lastDelivered = (workflowId: string, scope: string) => this.deliveries.lastDelivered(workflowId, scope);

  /** Batches and tables the run has delivered (the ledger). */
  deliveredCount = (runId: string) => this.deliveries.count(runId);

  /** 'cancelled' for a queued run (it never starts), 'cancelling' for a running one, undefined if finished or unknown. */
  cancel(runId: string): 'cancelled' | 'cancelling' | undefined {
    if (this.o.dispatch) return this.cancelDispatched(runId, this.o.dispatch);
    const i = this.queue.indexOf(runId);
    if (i >= 0) {
      this.queue.splice(i, 1);
      this.finishStored(runId, 'cancelled', 'Cancelled before it started.');
      const run = this.o.runs.get(runId);
      // A queued retry or resume has tables from before; a cancelled run needs them no more.
      if (run) {
        this.inBackground(this.results.dropRun(run.workflowId, runId), 'dropping result tables failed');
        this.dropWarehouseTables([{ id: runId, document: () => run.document }]);
      }
      return 'cancelled';
    }
    const running = this.active.get(runId);
    // The engine may have finished it already (the row says so) and not yet let go.
    if (!running || !this.isOpen(runId)) return undefined;
    // Remembered before anything else: a stop before the engine lets go must not resume the run at the next start.
    this.o.runs.requestCancel(runId);
    if (!running.controller.signal.aborted) {
      running.controller.abort();
      this.endIfStuck(runId, running);
    }
    return 'cancelling';
  }

  /** Queue mode: a queued run ends here (a worker that takes it finds it finished); a running one is stopped by its worker. */
  private cancelDispatched(runId: string, dispatch: RunDispatch): 'cancelled' | 'cancelling' | undefined {
    const run = this.o.runs.get(runId);
    if (!run || isFinal(run.status)) return undefined;
    if (run.status === 'queued') {
      this.finishStored(runId, 'cancelled', 'Cancelled before it started.');
      // A worker may have taken it that very moment: it stops too.
      dispatch.cancel(runId);
      return 'cancelled';
    }
    this.o.runs.requestCancel(runId);
    dispatch.cancel(runId);
    return 'cancelling';
  }

  /**
   * A queue worker's turn at a run: runs it here now and settles when it has
   * ended or this service closes. A run cancelled while it waited ends cancelled;
   * a run another worker left running (killed) resumes from its stored events.
   */
  async runHere(runId: string): Promise<void> {
    const run = this.o.runs.get(runId);
    if (!run || !this.isOpen(runId) || this.closing) return;
    const active = this.active.get(runId);
    if (active) return active.done;
    if (run.cancelRequestedAt) {
      this.finishStored(runId, 'cancelled', 'Cancelled before a worker picked it up again.');
      return this.afterRun(run, 'cancelled');
    }
    if (!this.o.runs.markStarted(runId)) return;
    this.execute(run);
    await this.active.get(runId)?.done;
  }

  /** Drops the node results a deleted workflow's runs kept for a retry (call after stopping its runs). */
  async forgetWorkflow(workflowId: string, runs: readonly Pick<Run, 'id' | 'document'>[] = []): Promise<void> {
    // A stopped run's own cleanup may be dropping the same tables: two drops of one table conflict in DuckDB.
    await Promise.allSettled([...this.background]);
    await this.results.dropWorkflow(workflowId);
    this.dropWarehouseTables(runs.map((run) => ({ id: run.id, document: () => run.document })));
    await Promise.allSettled([...this.background]);
    rmSync(join(this.o.paths.root, 'snapshots', workflowId), { recursive: true, force: true });
  }

  /** Cancels a run and waits until it has ended (its files may then be removed): at most the cancel's grace. */
  async stop(runId: string): Promise<void> {
    this.cancel(runId);
    await this.active.get(runId)?.released;
  }

  /**
   * Stops the engine without finishing any run: what a stop interrupts stays
   * queued or running in SQLite and is resumed at the next start, like after a crash.
   */
  async close(): Promise<void> {
    this.closing = true;
    for (const run of this.active.values()) run.controller.abort();
    const timeout = new Promise((r) => setTimeout(r, 10_000).unref());
    await Promise.race([Promise.allSettled([...this.active.values()].map((r) => r.done)), timeout]);
    await Promise.allSettled([...this.background]);
    await this.results.close();
    this.deliveries.close();
  }

  /** Which results file holds a run's node results (see resultsPerRun). */
  private resultsFile(workflowId: string, runId: string): string {
    return this.o.resultsPerRun ? runId : workflowId;
  }

  private enqueue(runId: string): void {
    if (this.o.dispatch) return this.o.dispatch.submit(runId);
    this.queue.push(runId);
    this.pump();
  }

  private isOpen(runId: string): boolean {
    const status = this.o.runs.get(runId)?.status;
    return status !== undefined && !isFinal(status);
  }

  private inBackground(work: Promise<void>, failure: string): void {
    const task = work.catch((err: unknown) => this.o.logger.warn({ err }, failure)).finally(() => this.background.delete(task));
    this.background.add(task);
  }

  private pump(): void {
    for (let i = 0; !this.closing && this.active.size < this.o.maxConcurrentRuns && i < this.queue.length; ) {
      // A retry of a run whose engine reported the end but has not let go yet waits for it.
      if (this.active.has(this.queue[i])) {
        i++;
        continue;
      }
      const run = this.o.runs.get(this.queue.splice(i, 1)[0]);
      if (run && this.o.runs.markStarted(run.id)) this.execute(run);
    }
  }

  private execute(run: Run): void {
    let release = () => {};
    const entry: ActiveRun = {
      controller: new AbortController(),
      state: reduceRunEvents(this.o.runs.events(run.id), initialRunState(run.id)),
      done: Promise.resolve(),
      released: new Promise<void>((resolve) => (release = resolve)),
      release: () => release(),
    };
    this.active.set(run.id, entry);
    entry.done = this.runEngine(run, entry).then(() => {
      // A run ended without its engine (endIfStuck) has given its slot away already.
      if (this.active.get(run.id) === entry) this.active.delete(run.id);
      entry.release();
      this.pump();
    });
  }

  /**
   * Ends a cancelled run whose engine has not let go within the grace: the run
   * says cancelled, its followers hear the end, its slot goes to the next run.
   * The engine's late events are refused (the run's log is closed); its tables
   * are dropped when it finally lets go.
   */
  private endIfStuck(runId: string, entry: ActiveRun): void {
    const timer = setTimeout(() => {
      if (this.closing || this.active.get(runId) !== entry) return;
      this.o.logger.warn({ runId }, 'a cancelled run did not stop in time: ended without waiting for its engine');
      if (this.isOpen(runId)) entry.state = this.finish(runId, entry.state, 'cancelled', 'Cancelled. A step that did not stop in time was abandoned.');
      this.active.delete(runId);
      entry.release();
      this.pump();
    }, this.o.cancelGraceMs ?? CANCEL_GRACE_MS);
    timer.unref();
    void entry.released.then(() => clearTimeout(timer));
  }

  private async runEngine(run: Run, entry: ActiveRun): Promise<void> {
    const { controller } = entry;
    let database: Database;
    try {
      database = await this.results.acquire(this.resultsFile(run.workflowId, run.id));
    } catch (err) {
      this.o.logger.error({ err, runId: run.id }, 'cannot open the run results');
      if (!this.closing && this.isOpen(run.id)) entry.state = this.finish(run.id, entry.state, 'failed', `The run's results could not be opened: ${(err as Error).message}`);
      return;
    }
    // Right as the engine is done, before anything is awaited: a retry may queue the run again after that.
    const wrapUp = () => this.afterRun(run, this.o.runs.get(run.id)?.status);
    try {
      // A run that reached run-started picks up where it stopped; one that did not starts
      // afresh, its events numbered after those stored (a retry of a run refused at validation).
      const resume = entry.state.mode ? entry.state : undefined;
      const offset = resume ? 0 : entry.state.lastSeq;
      const result = await (this.o.engine ?? runWorkflow)(run.document, {
        resolvePath: pathResolver(this.o.paths.datasets, runOutputDir(this.o.paths, run.id)),
        mode: run.mode, partitions: run.partitions, asOf: run.asOf, runId: run.id, signal: controller.signal, resume,
        // A stopping server records nothing more: the run stays open, to be resumed at the next start.
        onEvent: (event) => {
          if (!this.closing) entry.state = this.record(run.id, entry.state, offset ? { ...event, seq: event.seq + offset } : event);
        },
        database, tablePrefix: runTablePrefix(run.id), ledger: this.deliveries.ledger(run.id),
        // Published runs keep their members' keys: change-only deliveries and membership history read them.
        snapshots: run.version !== null ? this.deliveries.snapshots(this.o.paths.root, run.workflowId) : undefined,
        suppression: run.version !== null ? this.o.suppression?.() : undefined,
        // Webhooks and databases receive published versions only; a draft's remote outputs become CSV files.
        remote: run.version !== null, addressAllowList: this.o.webhookAllowList, credentials: this.o.credentials,
      });
      if (this.closing) return;
      this.o.runs.setProblems(run.id, withoutDataDir(result.problems, this.o.paths.root));
      if (this.isOpen(run.id)) {
        const status = controller.signal.aborted ? 'cancelled' : 'failed';
        entry.state = this.finish(run.id, entry.state, status, result.state ? 'The run ended without saying how.' : `Not run: ${summarize(result.problems)}`);
      }
      wrapUp();
    } catch (err) {
      if (this.closing) return;
      this.o.logger.error({ err, runId: run.id }, 'run crashed');
      if (this.isOpen(run.id)) entry.state = this.finish(run.id, entry.state, 'failed', `The run stopped: ${(err as Error).message}`);
      wrapUp();
    } finally {
      await this.results.release(this.resultsFile(run.workflowId, run.id));
    }
  }

  /** A finished run keeps its node results only while it may be retried; old runs are pruned. */
  private afterRun(run: Run, ended: RunStatus | undefined): void {
    if (ended && !RETRYABLE_STATUSES.includes(ended)) {
      this.inBackground(this.results.dropRun(this.resultsFile(run.workflowId, run.id), run.id), 'dropping result tables failed');
      // A run that succeeded in a warehouse dropped its schema itself.
      if (ended !== 'succeeded') this.dropWarehouseTables([{ id: run.id, document: () => run.document }]);
    }
    this.prune(run.workflowId);
  }

  /** Runs computed in a warehouse keep their stages there, in a schema of their own, while they may be resumed: dropped with their other results. */
  private dropWarehouseTables(runs: readonly { id: string; document: () => unknown }[]): void {
    const readable = runs.flatMap((run) => {
      try {
        return [{ id: run.id, document: run.document() }];
      } catch {
        return []; // an old run whose document no longer parses ran before warehouse runs existed
      }
    });
    if (readable.length) this.inBackground(dropWarehouseRuns(readable, this.o.credentials), 'dropping the run\'s tables in the warehouse failed');
  }

  /** In the background: a warehouse that is slow or down never holds up the start. */
  private sweepWarehouses(): void {
    const { connections, credentials, logger, runs } = this.o;
    if (!connections || !credentials) return;
    this.inBackground(sweepWarehouses({ connections, credentials, logger, ended: () => runs.endedForGood() }), 'tidying the warehouses failed');
  }

  /** Persist, then fold, then publish: the order that makes replay complete. */
  private record(runId: string, state: RunState, engineEvent: RunEvent, note?: string): RunState {
    const event = publicEvent(engineEvent, this.o.paths.root);
    const next = reduceRunEvent(state, event);
    let stored;
    try {
      stored = this.o.runs.append(runId, event, next, note === undefined ? undefined : hideDataDir(note, this.o.paths.root));
    } catch (err) {
      // Not stored, so not published either: a reader must never see what a reconnect would not give back.
      this.o.logger.error({ err, runId, seq: event.seq }, 'run event not stored');
      return next;
    }
    // A late event of a finished run (a cancel that raced the end) is dropped; a deleted run's followers still hear the end.
    if (stored === 'closed') return state;
    this.o.hub.publish(runId, event);
    return next;
  }

  /** Ends a run the engine did not finish (see closingEvents). */
  private finish(runId: string, state: RunState, status: Finished, note: string): RunState {
    let next = state;
    for (const event of closingEvents(state, status, note)) next = this.record(runId, next, { ...event, seq: next.lastSeq + 1 } as RunEvent, event.type === 'run-finished' ? note : undefined);
    return next;
  }

  private finishStored(runId: string, status: Finished, note: string): void {
    this.finish(runId, reduceRunEvents(this.o.runs.events(runId), initialRunState(runId)), status, note);
  }

  /**
   * Keeps the newest `retainRuns` runs of a workflow whole; older ones lose their
   * files, events, tables and member snapshots, except a snapshot that a
   * destination's next change-only delivery is diffed against.
   */
  private prune(workflowId: string): void {
    try {
      const bases = this.deliveries.baseRuns(workflowId);
      const pruned = this.o.runs.prunable(workflowId, this.o.retainRuns);
      for (const id of pruned) {
        rmSync(runOutputDir(this.o.paths, id), { recursive: true, force: true });
        if (!bases.has(id)) rmSync(snapshotDir(this.o.paths.root, workflowId, id), { recursive: true, force: true });
        this.o.runs.markPruned(id);
        this.inBackground(this.results.dropRun(this.resultsFile(workflowId, id), id), 'dropping result tables failed');
      }
      this.dropWarehouseTables(pruned.map((id) => ({ id, document: () => this.o.runs.get(id)?.document })));
      // A pruned run's snapshot kept as a base goes once no destination diffs against it.
      const folder = join(this.o.paths.root, 'snapshots', workflowId);
      const kept = existsSync(folder) ? readdirSync(folder, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name) : [];
      for (const id of kept)
        if (!bases.has(id) && this.o.runs.get(id)?.prunedAt) rmSync(snapshotDir(this.o.paths.root, workflowId, id), { recursive: true, force: true });
    } catch (err) {
      this.o.logger.warn({ err, workflowId }, 'pruning old runs failed');
    }
  }
}
