import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import type { RunEvent } from '@segflow/engine';
import { readTaskLog } from '@segflow/engine/node';
import { redisConnection, RUN_QUEUE } from '../../src/queue/redis-connection.ts';
import { TASK_QUEUE, taskFolder, type TaskJob } from '../../src/queue/task-queue.ts';
import { dataPaths } from '../../src/services/data-paths.ts';
import { startRedis } from '../redis.ts';
import { checkRun, type Outcome } from './kill-trials.ts';
import { followEvents, startServerProcess, waitForRun } from './server-process.ts';
import { dataDir, publishedWorkflow, SERVER_ENV, startRun, type Suite } from './suite.ts';

const SERVER_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** A dead worker's run waits about this long before the other worker takes it: short, to keep the suite quick. */
const LOCK_MS = 3_000;

// Workers this suite started die with it, whatever ends it.
const workers = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of workers) child.kill('SIGKILL');
});

/** `segflow worker` as its own process (tsx's loader in the node process itself, so SIGKILL reaches it), ready once it says so. */
export async function startWorkerProcess(dir: string, redisUrl: string, env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'worker'], {
    cwd: SERVER_DIR,
    env: { ...process.env, ...SERVER_ENV, SEGFLOW_DATA_DIR: dir, SEGFLOW_REDIS_URL: redisUrl, SEGFLOW_WORKER_LOCK_MS: String(LOCK_MS), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  workers.add(child);
  child.on('exit', () => workers.delete(child));
  let output = '';
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`the worker did not start in 60 s:\n${output.slice(-2000)}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('segflow worker started')) {
        clearTimeout(timer);
        ok();
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      fail(new Error(`the worker exited (${signal ?? code}) before starting:\n${output.slice(-2000)}`));
    });
  });
  return child;
}

export const stopProcess = async (child: ChildProcess) => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await exited;
};

/**
 * Who started and finished which step of the run (its task log), checked: each
 * finished once; what the killed worker held when it died (`killedStep` among
 * it) started again by another worker; any other step started again only as a
 * retry after an attempt that failed (the run's events say why, for the report).
 */
function taskChecks(dir: string, runId: string, killedStep: string, killedName: string | undefined, events: RunEvent[]) {
  const log = readTaskLog(taskFolder(dataPaths(dir), runId));
  const problems: string[] = [];
  const starts = new Map<string, string[]>();
  for (const line of log.filter((l) => l.event === 'started')) starts.set(line.step, [...(starts.get(line.step) ?? []), line.worker]);
  const finished = log.filter((l) => l.event === 'finished').map((l) => l.step);
  const twice = finished.filter((step, i) => finished.indexOf(step) !== i);
  if (twice.length) problems.push(`steps finished twice: ${twice.join(', ')}`);
  const unfinished = [...starts.keys()].filter((step) => !finished.includes(step));
  if (unfinished.length) problems.push(`steps started and never finished: ${unfinished.join(', ')}`);
  const rerun = [...starts].filter(([, workers]) => workers.length > 1).map(([step]) => step);
  const ended = (step: string, worker: string) => log.some((l) => l.step === step && l.worker === worker && l.event !== 'started');
  const held = killedName ? [...starts].filter(([step, workers]) => workers.includes(killedName) && !ended(step, killedName)).map(([step]) => step) : [killedStep];
  const retried = rerun.filter((step) => !held.includes(step) && log.some((l) => l.step === step && l.event === 'failed'));
  const notTakenOver = held.filter((step) => !rerun.includes(step));
  const needless = rerun.filter((step) => !held.includes(step) && !retried.includes(step));
  if (notTakenOver.length || needless.length) {
    const history = log.filter((l) => rerun.includes(l.step) || held.includes(l.step))
      .map((l) => `${l.step} ${l.event} by ${l.worker === killedName ? 'the killed worker' : l.worker} at ${l.at.slice(11, 23)}`);
    problems.push(`steps run again: ${rerun.join(', ') || 'none'}; the killed worker held ${held.join(', ')}, and only these or a retry after a failure should be (${history.join('; ')})`);
  }
  const [first, second] = starts.get(killedStep) ?? [];
  if (killedName && first !== killedName) problems.push(`${killedStep} was started by ${first}, not by the killed worker ${killedName}`);
  if (second === first) problems.push(`${killedStep} was retried by the killed worker itself`);
  const why = (step: string) => events.flatMap((e) => (e.type === 'node-retrying' && step.startsWith(`${e.nodeId}.`) ? [e.error] : []));
  return {
    problems, tasks: finished.length, tasksRerun: rerun.length, workers: new Set(log.map((l) => l.worker)).size,
    retries: retried.map((step) => `${step} retried after failing (${why(step).join('; ') || 'no retry event'})`),
  };
}

/**
 * Queue mode losing a worker mid-task: a throwaway Redis, one server, one
 * worker that coordinates runs and executes no step, and two workers that
 * execute steps, all on one data folder. At the third webhook POST the worker
 * executing the webhook step is killed with `kill -9`. The queue takes that
 * step back once the dead worker's lock lapses and the other worker executes
 * it: the checks of a kill trial then hold (the same segments as the in-process
 * reference run, every webhook batch applied once, the table exactly the
 * segment, the events whole), and the run's task log shows every other step
 * executed once, the webhook step twice (by the killed worker, then the other).
 */
export async function workerLossTrial(suite: Suite): Promise<Outcome> {
  const redis = startRedis();
  const dir = dataDir(suite, 'workers');
  const server = await startServerProcess(dir, { ...SERVER_ENV, SEGFLOW_REDIS_URL: redis.url });
  const runs = new Queue(RUN_QUEUE, { connection: redisConnection(redis.url) });
  const tasks = new Queue<TaskJob>(TASK_QUEUE, { connection: redisConnection(redis.url) });
  const coordinator = await startWorkerProcess(dir, redis.url, { SEGFLOW_WORKER_TASK_CONCURRENCY: '0' });
  const pool: ChildProcess[] = [];
  const duplicatesBefore = suite.receiver.duplicates;
  const notes: string[] = [];
  try {
    const workflowId = await publishedWorkflow(suite, server.api, 'fault_workers');
    let runId = '';
    let posts = 0;
    let killed: ChildProcess | undefined;
    let killedName: string | undefined;
    const killHookWorker = async () => {
      const job = (await tasks.getActive()).find((j) => j.data.runId === runId && j.data.nodeId === 'out_hook');
      killedName = job?.processedBy;
      killed = pool.find((w) => killedName?.endsWith(`:${w.pid}`));
      if (killed) killed.kill('SIGKILL');
      else notes.push(`no step worker held the webhook step (${killedName ?? 'no job'})`);
    };
    suite.answer((r) => {
      if (r.runId !== runId || ++posts !== 3) return 'ok';
      void killHookWorker();
      return 'hang';
    });
    // The run is the coordinator's, the only worker up; its steps wait in the queue for the two step workers.
    runId = await startRun(server.api, workflowId, 1);
    const following = followEvents(server, runId, 0);
    pool.push(...(await Promise.all([startWorkerProcess(dir, redis.url), startWorkerProcess(dir, redis.url)])));
    const holder = (await runs.getJob(runId))?.processedBy;
    if (!holder?.endsWith(`:${coordinator.pid}`)) notes.push(`the run was coordinated by ${holder ?? 'no worker'}, not the coordinating worker`);
    const seen: RunEvent[] = await following;
    suite.answer(() => 'ok');
    const run = await waitForRun(server.api, runId);
    const outcome = await checkRun(suite, server, dir, runId, run, 'fault_workers', seen);
    const steps = taskChecks(dir, runId, 'out_hook.all', killedName, seen);
    outcome.problems.push(...notes, ...steps.problems);
    if (!killed) outcome.problems.push('no worker was killed');
    else if (killed.exitCode === null && killed.signalCode === null) outcome.problems.push('the killed worker is still alive');
    if (outcome.figures.runsResumed) outcome.problems.push('the run was resumed, though its coordinator was not killed');
    outcome.name = `workers: kill -9 of the worker executing the webhook step at POST 3; the other worker executed it again (${steps.tasks} steps on ${steps.workers} workers, ${steps.tasksRerun} run twice)${steps.retries.map((r) => `; ${r}`).join('')}`;
    outcome.figures.kills = killed ? 1 : 0;
    outcome.figures.tasks = steps.tasks;
    outcome.figures.tasksRerun = steps.tasksRerun;
    outcome.figures.batchesResent = suite.receiver.duplicates - duplicatesBefore;
    return outcome;
  } finally {
    suite.answer(() => 'ok');
    await Promise.all([coordinator, ...pool].map(stopProcess));
    await server.stop();
    await Promise.all([runs.close(), tasks.close()]);
    redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Queue mode losing the worker that coordinates a run: two workers as an
 * installation runs them (each coordinates runs and executes steps). At the
 * third webhook POST the worker holding the run is killed with `kill -9`. The
 * other takes the run over once the dead one's lock lapses and resumes it from
 * its stored events and the steps' recorded results: the kill trial's checks
 * hold, and no step that had finished is executed again.
 */
export async function coordinatorLossTrial(suite: Suite): Promise<Outcome> {
  const redis = startRedis();
  const dir = dataDir(suite, 'coordinator');
  const server = await startServerProcess(dir, { ...SERVER_ENV, SEGFLOW_REDIS_URL: redis.url });
  const runs = new Queue(RUN_QUEUE, { connection: redisConnection(redis.url) });
  const pool = await Promise.all([startWorkerProcess(dir, redis.url), startWorkerProcess(dir, redis.url)]);
  const duplicatesBefore = suite.receiver.duplicates;
  const notes: string[] = [];
  try {
    const workflowId = await publishedWorkflow(suite, server.api, 'fault_coordinator');
    let runId = '';
    let posts = 0;
    let killed: ChildProcess | undefined;
    const killCoordinator = async () => {
      const holder = (await runs.getJob(runId))?.processedBy;
      killed = pool.find((w) => holder?.endsWith(`:${w.pid}`));
      if (killed) killed.kill('SIGKILL');
      else notes.push(`no worker held the run (${holder ?? 'no job'})`);
    };
    suite.answer((r) => {
      if (r.runId !== runId || ++posts !== 3) return 'ok';
      void killCoordinator();
      return 'hang';
    });
    runId = await startRun(server.api, workflowId, 1);
    const seen: RunEvent[] = await followEvents(server, runId, 0);
    suite.answer(() => 'ok');
    const run = await waitForRun(server.api, runId);
    const outcome = await checkRun(suite, server, dir, runId, run, 'fault_coordinator', seen);
    const log = readTaskLog(taskFolder(dataPaths(dir), runId));
    const finished = log.filter((l) => l.event === 'finished').map((l) => l.step);
    const twice = finished.filter((step, i) => finished.indexOf(step) !== i);
    outcome.problems.push(...notes);
    if (twice.length) outcome.problems.push(`steps finished twice: ${twice.join(', ')}`);
    if (!killed) outcome.problems.push('no worker was killed');
    else if (killed.exitCode === null && killed.signalCode === null) outcome.problems.push('the killed worker is still alive');
    if (!outcome.figures.runsResumed) outcome.problems.push('the run was not resumed by the other worker');
    outcome.name = `workers: kill -9 of the worker coordinating the run at webhook POST 3; the other resumed it (${finished.length} steps, none finished twice)`;
    outcome.figures.kills = killed ? 1 : 0;
    outcome.figures.batchesResent = suite.receiver.duplicates - duplicatesBefore;
    return outcome;
  } finally {
    suite.answer(() => 'ok');
    await Promise.all(pool.map(stopProcess));
    await server.stop();
    await runs.close();
    redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
