import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, QueueEvents, Worker, type ConnectionOptions } from 'bullmq';
import type { Logger } from 'pino';
import { finishedStep, runTaskStep, stepName, type DispatchStep, type StepOutcome, type TaskEnvironment } from '@segflow/engine/node';
import { runOutputDir, type DataPaths } from '../services/data-paths.ts';
import { budgetFromEnv, resolveBudget } from '../services/memory/budget.ts';

/** The queue of run steps (a node on one partition, or on all rows) any worker executes. */
export const TASK_QUEUE = 'segflow-tasks';

/** What a task's job carries: the run's context and the results before it are files in its task folder. */
export interface TaskJob {
  runId: string;
  nodeId: string;
  partition: number | null;
}

/** What a worker answers: the step's outcome, or why it failed (a step's own failure is an answer, not a job failure). */
export type TaskReply = { outcome: StepOutcome } | { error: string; permanent: boolean };

/**
 * A job that fails is a worker stopping politely: it goes back to the queue. A job
 * whose worker died is taken back by BullMQ's stalled-job check. A finished job is
 * kept a while, so a coordinator that asks late still reads its answer.
 */
const TASK_JOB_OPTIONS = { removeOnComplete: { age: 3_600 }, removeOnFail: true, attempts: 20, backoff: { type: 'fixed', delay: 1_000 } } as const;

/** Where a run's task results live: beside its segment files, so they go when the run is pruned or its workflow deleted. */
export const taskFolder = (paths: DataPaths, runId: string) => join(runOutputDir(paths, runId), '.segflow-tasks');

function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Error('The run was cancelled.'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error('The run was cancelled.'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * The coordinator's side: each ready step of a run becomes a job on the task
 * queue, and the step's outcome is the job's answer. The job id names the run's
 * step, so a coordinator that took a run over from a dead one finds the step's
 * job still queued or running and waits for it rather than sending it again
 * (adding a job whose id is in the queue gives back that job).
 */
export function taskDispatcher(connection: ConnectionOptions, logger: Logger) {
  const queue = new Queue<TaskJob, TaskReply>(TASK_QUEUE, { connection });
  const events = new QueueEvents(TASK_QUEUE, { connection });
  queue.on('error', (err) => logger.warn({ err }, 'the task queue cannot reach Redis'));
  events.on('error', (err) => logger.warn({ err }, 'the task queue events cannot reach Redis'));
  return {
    forRun(runId: string, folder: string): DispatchStep {
      return async (step, signal) => {
        const jobId = `${runId}~${stepName(step)}`;
        // A finished job of that id is an earlier try's (a failed attempt, a retried run): its answer is not this one's.
        const earlier = await queue.getJob(jobId);
        if (earlier && ((await earlier.isCompleted()) || (await earlier.isFailed()))) await earlier.remove();
        const job = await queue.add('task', { runId, nodeId: step.nodeId, partition: step.partition }, { ...TASK_JOB_OPTIONS, jobId });
        let reply: TaskReply;
        try {
          reply = (await abortable(job.waitUntilFinished(events), signal)) as TaskReply;
        } catch (e) {
          // The answer may be gone (a finished job removed) while the step's record is there.
          const done = signal.aborted ? undefined : finishedStep(folder, step);
          if (done) return done;
          if (signal.aborted) throw e;
          logger.warn({ err: e, runId, step: stepName(step) }, 'a step of the run could not be executed by the workers');
          throw new Error('The workers could not finish this step: the one computing it stopped several times, or Redis could not be reached. Retry the run; if it keeps failing, give the workers more memory.');
        }
        if ('outcome' in reply) return reply.outcome;
        throw Object.assign(new Error(reply.error), { permanent: reply.permanent });
      };
    },
    async close(): Promise<void> {
      await Promise.allSettled([events.close(), queue.close()]);
    },
  };
}

export type TaskDispatcher = ReturnType<typeof taskDispatcher>;

export interface TaskWorkerSettings {
  connection: ConnectionOptions;
  /** Steps this worker executes at once. */
  concurrency: number;
  lockMs: number;
  /** The worker's name (host:pid), kept on its jobs and in the runs' task logs. */
  name: string;
  paths: DataPaths;
  /** What a run's steps deliver with (ledger, credentials…); undefined when the run is gone. */
  environment(runId: string): TaskEnvironment | undefined;
  logger: Logger;
}

/** The worker's side: executes any run's steps, each in a fresh DuckDB over the run's task folder (runTaskStep). */
export function startTaskWorker(s: TaskWorkerSettings) {
  const running = new Map<string, Set<AbortController>>();
  // The steps executing at once share SEGFLOW_MEMORY_LIMIT; each spills to a folder of its own (DuckDB names its files alike).
  const budget = resolveBudget(budgetFromEnv());
  const spill = mkdtempSync(join(tmpdir(), 'segflow-task-spill-'));
  let spills = 0;
  let stopping = false;
  const worker = new Worker<TaskJob, TaskReply>(TASK_QUEUE, async (job) => {
    const { runId, nodeId, partition } = job.data;
    const environment = s.environment(runId);
    if (!environment) return { error: 'The run no longer exists.', permanent: true };
    const controller = new AbortController();
    const mine = running.get(runId) ?? new Set();
    running.set(runId, mine.add(controller));
    try {
      const limits = { memoryLimit: Math.floor(budget.bytes / s.concurrency), threads: budget.threads, tempDirectory: join(spill, String(++spills)) };
      const env = { ...environment, worker: s.name, limits };
      try {
        return { outcome: await runTaskStep(taskFolder(s.paths, runId), { nodeId, partition }, env, controller.signal) };
      } finally {
        rmSync(limits.tempDirectory, { recursive: true, force: true });
      }
    } catch (e) {
      // Thrown so the queue gives the step to another worker (or this one, started again).
      if (stopping) throw new Error('The worker stopped before the step ended; another worker takes it.');
      const error = e as Error & { permanent?: boolean };
      return { error: error.message, permanent: error.permanent === true };
    } finally {
      mine.delete(controller);
      if (!mine.size) running.delete(runId);
    }
  }, {
    connection: s.connection, concurrency: s.concurrency, autorun: false, name: s.name,
    lockDuration: s.lockMs, stalledInterval: Math.max(1_000, Math.floor(s.lockMs / 2)), maxStalledCount: 5,
  });
  worker.on('error', (err) => s.logger.warn({ err }, 'the task worker cannot reach Redis'));
  void worker.run();
  return {
    /** Stops the steps of a cancelled run that this worker is executing. */
    cancel(runId: string): void {
      for (const controller of running.get(runId) ?? []) controller.abort();
    },
    async close(): Promise<void> {
      stopping = true;
      for (const set of running.values()) for (const controller of set) controller.abort();
      await worker.close();
      rmSync(spill, { recursive: true, force: true });
    },
  };
}
