import { rmSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import type { Logger } from 'pino';
import { initialRunState, reduceRunEvent, reduceRunEvents, runWorkflow, type Problem, type RunEvent, type RunState, type RunStatus, type SegmentResult } from '@segflow/engine/node';
import { isFinal, type NewRun, type Run, type RunStore } from '../store/runs.store.ts';
import type { RunEventHub } from '../sse/run-event-hub.ts';
import { runOutputDir, type DataPaths } from './data-paths.ts';
import { pathResolver } from './resolve-path.ts';

export interface RunServiceOptions {
  runs: RunStore;
  hub: RunEventHub;
  paths: DataPaths;
  maxConcurrentRuns: number;
  retainRuns: number;
  logger: Logger;
}

type Finished = Exclude<RunStatus, 'queued' | 'running'>;

const summarize = (problems: Problem[]) =>
  problems.filter((p) => p.severity === 'error').slice(0, 3).map((p) => `${p.nodeId ? `${p.nodeId}: ` : ''}${p.message}`).join(' ');

/**
 * Runs workflows in this process, at most `maxConcurrentRuns` at once, the rest
 * waiting in a queue. Each engine event is appended to SQLite before it is
 * published to the SSE streams, so a reader who reconnects finds everything it
 * missed; the run row keeps the folded state for readers who only poll.
 */
export class RunService {
  private readonly queue: string[] = [];
  private readonly active = new Map<string, { controller: AbortController; state: RunState; done: Promise<void> }>();
  private closing = false;

  constructor(private readonly o: RunServiceOptions) {}

  /** Records a queued run and starts it when a slot is free. */
  start(input: NewRun): Run {
    const run = this.o.runs.create(input);
    this.queue.push(run.id);
    this.pump();
    return this.o.runs.get(run.id)!;
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

  /** 'cancelled' for a queued run (it never starts), 'cancelling' for a running one, undefined if finished or unknown. */
  cancel(runId: string): 'cancelled' | 'cancelling' | undefined {
    const i = this.queue.indexOf(runId);
    if (i >= 0) {
      this.queue.splice(i, 1);
      this.finishStored(runId, 'cancelled', 'Cancelled before it started.');
      return 'cancelled';
    }
    const running = this.active.get(runId);
    if (!running) return undefined;
    running.controller.abort();
    return 'cancelling';
  }

  /** Cancels a run and waits until the engine has let go of it (its files may then be removed). */
  async stop(runId: string): Promise<void> {
    this.cancel(runId);
    await this.active.get(runId)?.done;
  }

  /**
   * Runs a crash left queued or running are marked failed, with a run-finished
   * event so their streams end. (Resuming them is later work.)
   */
  recoverInterrupted(): number {
    const stale = this.o.runs.unfinished();
    for (const run of stale) this.finishStored(run.id, 'failed', 'The server stopped before this run finished.');
    return stale.length;
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const run of this.active.values()) run.controller.abort();
    const timeout = new Promise((r) => setTimeout(r, 10_000).unref());
    await Promise.race([Promise.allSettled([...this.active.values()].map((r) => r.done)), timeout]);
  }

  private pump(): void {
    while (!this.closing && this.active.size < this.o.maxConcurrentRuns && this.queue.length) {
      const run = this.o.runs.get(this.queue.shift()!);
      if (run) this.execute(run);
    }
  }

  private execute(run: Run): void {
    const controller = new AbortController();
    const entry = { controller, state: initialRunState(run.id), done: Promise.resolve() };
    this.active.set(run.id, entry);
    this.o.runs.markStarted(run.id);
    const emit = (event: RunEvent) => {
      entry.state = this.record(run.id, entry.state, event);
    };
    entry.done = runWorkflow(run.document, {
      resolvePath: pathResolver(this.o.paths.datasets, runOutputDir(this.o.paths, run.id)),
      mode: run.mode, partitions: run.partitions, asOf: run.asOf, runId: run.id, onEvent: emit, signal: controller.signal,
      // Webhooks and databases receive published versions only; a draft's remote outputs become CSV files.
      remote: run.version !== null,
    })
      .then((result) => {
        this.o.runs.setProblems(run.id, result.problems);
        if (!result.state) {
          const status = controller.signal.aborted ? 'cancelled' : 'failed';
          entry.state = this.finish(run.id, entry.state, status, `Not run: ${summarize(result.problems)}`);
        }
      })
      .catch((err: unknown) => {
        this.o.logger.error({ err, runId: run.id }, 'run crashed');
        if (!isFinal(entry.state.status)) entry.state = this.finish(run.id, entry.state, 'failed', `The run stopped: ${(err as Error).message}`);
      })
      .finally(() => {
        this.active.delete(run.id);
        this.prune(run.workflowId);
        this.pump();
      });
  }

  /** Persist, then fold, then publish: the order that makes replay complete. */
  private record(runId: string, state: RunState, engineEvent: RunEvent, note?: string): RunState {
    const event = this.publicEvent(engineEvent);
    const next = reduceRunEvent(state, event);
    try {
      this.o.runs.append(runId, event, next, note);
    } catch (err) {
      // The workflow (and with it the run) was deleted while it ran; its followers still need to hear the end.
      this.o.logger.warn({ err, runId }, 'run event not stored');
    }
    this.o.hub.publish(runId, event);
    return next;
  }

  /**
   * Ends a run the engine did not finish: nodes left running fail, nodes not
   * started are skipped, then the run-finished event its readers wait for.
   */
  private finish(runId: string, state: RunState, status: Finished, note: string): RunState {
    const at = new Date().toISOString();
    let next = state;
    for (const [nodeId, node] of Object.entries(state.nodes)) {
      const seq = next.lastSeq + 1;
      if (node.status === 'running' || node.status === 'retrying')
        next = this.record(runId, next, { type: 'node-failed', nodeId, seq, at, ms: 0, error: note });
      else if (node.status === 'pending') next = this.record(runId, next, { type: 'node-skipped', nodeId, seq, at, reason: note });
    }
    const event: RunEvent = { type: 'run-finished', seq: next.lastSeq + 1, at, status, segments: next.segments, ms: 0 };
    return this.record(runId, next, event, note);
  }

  private finishStored(runId: string, status: Finished, note: string): void {
    this.finish(runId, reduceRunEvents(this.o.runs.events(runId), initialRunState(runId)), status, note);
  }

  /** Segment paths relative to the data directory: the API never shows where the server keeps its files. */
  private publicEvent(event: RunEvent): RunEvent {
    // Only file paths: a remote delivery reports `webhook:host` or `postgres:table`.
    const rel = (s: SegmentResult) => ({ ...s, path: isAbsolute(s.path) ? relative(this.o.paths.root, s.path).split(sep).join('/') : s.path });
    if ((event.type === 'node-succeeded' || event.type === 'node-warned') && event.segment)
      return { ...event, segment: { ...event.segment, ...rel(event.segment) } };
    if (event.type === 'run-finished')
      return { ...event, segments: Object.fromEntries(Object.entries(event.segments).map(([name, s]) => [name, rel(s)])) };
    return event;
  }

  /** Keeps the newest `retainRuns` runs of a workflow whole; older ones lose their files and events. */
  private prune(workflowId: string): void {
    try {
      for (const id of this.o.runs.prunable(workflowId, this.o.retainRuns)) {
        rmSync(runOutputDir(this.o.paths, id), { recursive: true, force: true });
        this.o.runs.markPruned(id);
      }
    } catch (err) {
      this.o.logger.warn({ err, workflowId }, 'pruning old runs failed');
    }
  }
}
