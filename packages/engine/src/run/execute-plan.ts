import { DEFAULT_RETRY, type RetryPolicy } from '../model/document.ts';
import type { Problem } from '../model/problem.ts';
import type { RunPlan, PlanTask } from '../plan/index.ts';
import { predecessors, type Adjacency } from '../graph/index.ts';
import { initialRunState, reduceRunEvent, type RunState } from './reduce-run-event.ts';
import { isPermanent } from './permanent-error.ts';
import type { RankCuts } from '../evaluate/rank-cuts.ts';
import type { RunEvent, RunEventInput, SegmentResult } from './run-events.ts';

/** One node on one partition (null: all rows). */
export interface NodeStep {
  nodeId: string;
  partition: number | null;
}

export interface StepOutcome {
  rows: number;
  /** Warnings found while running (data quality, segment size). */
  problems?: Problem[];
  segment?: { name: string } & SegmentResult;
  /** Global nodes: cut points for one-customer evaluation. */
  cuts?: RankCuts;
  /** The step ran but must count as failed (e.g. an enforced size range), with problems saying why. */
  failed?: boolean;
}

/** What executes a step: the DuckDB backend, or a fake in tests of the scheduler. */
export interface RunBackend {
  /** `onProgress` may be called with the finished fraction (0..1) of a long step. */
  runStep(step: NodeStep, signal: AbortSignal, onProgress?: (fraction: number) => void): Promise<StepOutcome>;
}

export interface ExecuteOptions {
  runId: string;
  asOf: string;
  /** Tasks running at once. */
  concurrency: number;
  onEvent?: (event: RunEvent) => void;
  signal?: AbortSignal;
  now?: () => Date;
  /** Nodes whose results exist already: they count as succeeded on every partition and are not run. */
  completed?: ReadonlySet<string>;
  /** Continue a run: events go on from its last seq, and its finished nodes are `completed`. */
  resume?: RunState;
  /** A node's retry policy (default: 3 attempts, 250 ms doubling, at most 10 s). */
  retryPolicy?: (nodeId: string) => RetryPolicy;
  /** Waits between attempts; tests pass a fake. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** Finished nodes of a run: their results can be reused. */
export const finishedNodes = (state: RunState) =>
  new Set(Object.entries(state.nodes).filter(([, n]) => n.status === 'succeeded' || n.status === 'warning').map(([id]) => id));

/** Exponential backoff with full jitter: a random wait up to base × 2^(attempt-1), capped. */
export function backoffMs(policy: RetryPolicy, attempt: number, random = Math.random): number {
  return Math.round(random() * Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** (attempt - 1)));
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

type StepResult = 'ok' | 'failed' | 'skipped';

/**
 * Runs a plan's tasks as their dependencies finish, at most `concurrency` at
 * once. A failed step skips only the steps that need it; independent branches
 * finish. Every change is reported as a run event, and the returned state is
 * the fold of those events.
 */
export async function executePlan(plan: RunPlan, adjacency: Adjacency, backend: RunBackend, options: ExecuteOptions): Promise<RunState> {
  const now = options.now ?? (() => new Date());
  const signal = options.signal ?? new AbortController().signal;
  const started = now().getTime();
  let state = options.resume ?? initialRunState(options.runId);
  const completed = new Set([...(options.completed ?? []), ...(options.resume ? finishedNodes(options.resume) : [])]);
  const sleep = options.sleep ?? abortableSleep;
  const emit = (input: RunEventInput) => {
    const event = { ...input, seq: state.lastSeq + 1, at: now().toISOString() } as RunEvent;
    state = reduceRunEvent(state, event);
    options.onEvent?.(event);
  };
  const results = new Map<string, StepResult>();
  const key = (nodeId: string, partition: number | null) => `${nodeId}|${partition ?? ''}`;

  const inputsReady = (nodeId: string, partition: number | null): boolean =>
    predecessors(adjacency, nodeId).every((input) => {
      if (completed.has(input)) return true;
      if (!plan.partitioned[input]) return results.get(key(input, null)) === 'ok';
      if (partition !== null && !plan.wholeInputs[nodeId]?.includes(input)) return results.get(key(input, partition)) === 'ok';
      return Array.from({ length: plan.partitions }, (_, k) => results.get(key(input, k))).every((r) => r === 'ok');
    });

  async function runNode(nodeId: string, partition: number | null) {
    const at = partition === null ? {} : { partition };
    if (signal.aborted || !inputsReady(nodeId, partition)) {
      results.set(key(nodeId, partition), 'skipped');
      emit({ type: 'node-skipped', nodeId, ...at, reason: signal.aborted ? 'The run was cancelled.' : 'An upstream node did not finish.' });
      return;
    }
    emit({ type: 'node-started', nodeId, ...at });
    const policy = options.retryPolicy?.(nodeId) ?? DEFAULT_RETRY;
    const t0 = now().getTime();
    for (let attempt = 1; ; attempt++) {
      try {
        let reported = 0;
        const onProgress = (fraction: number) => {
          if (fraction - reported < 0.05 || fraction >= 1) return;
          reported = fraction;
          emit({ type: 'node-progress', nodeId, ...at, fraction });
        };
        const outcome = await backend.runStep({ nodeId, partition }, signal, onProgress);
        const ms = now().getTime() - t0;
        const problems = outcome.problems ?? [];
        if (outcome.failed) {
          results.set(key(nodeId, partition), 'failed');
          emit({ type: 'node-failed', nodeId, ...at, ms, error: problems[0]?.message ?? 'Failed.', problems });
          return;
        }
        results.set(key(nodeId, partition), 'ok');
        const extra = { ...(outcome.segment ? { segment: outcome.segment } : {}), ...(outcome.cuts ? { cuts: outcome.cuts } : {}) };
        if (problems.length) emit({ type: 'node-warned', nodeId, ...at, rows: outcome.rows, ms, problems, ...extra });
        else emit({ type: 'node-succeeded', nodeId, ...at, rows: outcome.rows, ms, ...extra });
        return;
      } catch (e) {
        const message = signal.aborted ? 'The run was cancelled.' : (e as Error).message;
        if (signal.aborted || attempt >= policy.attempts || isPermanent(e)) {
          results.set(key(nodeId, partition), 'failed');
          emit({ type: 'node-failed', nodeId, ...at, ms: now().getTime() - t0, error: attempt > 1 ? `${message} (after ${attempt} attempts)` : message });
          return;
        }
        emit({ type: 'node-retrying', nodeId, ...at, attempt: attempt + 1, error: message });
        await sleep(backoffMs(policy, attempt), signal);
      }
    }
  }

  async function runTask(task: PlanTask) {
    for (const nodeId of task.nodes) await runNode(nodeId, task.partition);
  }

  if (options.resume) emit({ type: 'run-resumed', completed: [...completed] });
  else
    emit({
      type: 'run-started', runId: options.runId, mode: plan.mode, partitions: plan.partitions, asOf: options.asOf,
      nodes: Object.fromEntries(plan.tasks.flatMap((t) => t.nodes).map((id) => [id, plan.partitioned[id] ? plan.partitions : 1])),
      stages: plan.stages,
    });
  await schedule(plan.tasks, Math.max(1, options.concurrency), runTask);

  const nodes = Object.values(state.nodes);
  const allGood = nodes.every((n) => n.status === 'succeeded' || n.status === 'warning');
  const status = signal.aborted ? 'cancelled' : allGood ? 'succeeded' : Object.keys(state.segments).length ? 'partial' : 'failed';
  emit({ type: 'run-finished', status, segments: state.segments, ms: now().getTime() - started });
  return state;
}

/** Runs tasks in dependency order, `limit` at a time. Task errors are the caller's to catch. */
async function schedule(tasks: PlanTask[], limit: number, run: (t: PlanTask) => Promise<void>): Promise<void> {
  const done = new Set<string>();
  const waiting = [...tasks];
  const running = new Map<string, Promise<string>>();
  while (waiting.length || running.size) {
    for (let i = 0; i < waiting.length && running.size < limit; ) {
      const task = waiting[i];
      if (task.dependsOn.every((d) => done.has(d))) {
        waiting.splice(i, 1);
        running.set(task.id, run(task).then(() => task.id));
      } else i++;
    }
    if (!running.size) throw new Error(`plan deadlock: ${waiting.map((t) => t.id).join(', ')}`);
    const finished = await Promise.race(running.values());
    running.delete(finished);
    done.add(finished);
  }
}
