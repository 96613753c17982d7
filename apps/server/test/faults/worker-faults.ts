import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import type { RunEvent } from '@segflow/engine';
import { redisConnection, RUN_QUEUE } from '../../src/queue/redis-connection.ts';
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
export async function startWorkerProcess(dir: string, redisUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'worker'], {
    cwd: SERVER_DIR,
    env: { ...process.env, ...SERVER_ENV, SEGFLOW_DATA_DIR: dir, SEGFLOW_REDIS_URL: redisUrl, SEGFLOW_WORKER_LOCK_MS: String(LOCK_MS), LOG_LEVEL: 'info' },
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
 * Queue mode losing a worker: a throwaway Redis, one server and two `segflow
 * worker` processes on one data folder; at the third webhook POST the worker
 * executing the run is killed with `kill -9`. The other worker takes the run
 * over once the dead one's lock lapses and resumes it: the checks of a kill
 * trial then hold (the same segments as the in-process reference run, every
 * webhook batch applied once, the table exactly the segment, the events whole).
 */
export async function workerLossTrial(suite: Suite): Promise<Outcome> {
  const redis = startRedis();
  const dir = dataDir(suite, 'workers');
  const server = await startServerProcess(dir, { ...SERVER_ENV, SEGFLOW_REDIS_URL: redis.url });
  const queue = new Queue(RUN_QUEUE, { connection: redisConnection(redis.url) });
  const pool = await Promise.all([startWorkerProcess(dir, redis.url), startWorkerProcess(dir, redis.url)]);
  const duplicatesBefore = suite.receiver.duplicates;
  const notes: string[] = [];
  try {
    const workflowId = await publishedWorkflow(suite, server.api, 'fault_workers');
    let runId = '';
    let posts = 0;
    let killed: ChildProcess | undefined;
    const killHolder = async () => {
      const holder = (await queue.getJob(runId))?.processedBy;
      killed = pool.find((w) => holder?.endsWith(`:${w.pid}`));
      if (killed) killed.kill('SIGKILL');
      else notes.push(`no worker held the run (${holder ?? 'no job'})`);
    };
    suite.answer((r) => {
      if (r.runId !== runId || ++posts !== 3) return 'ok';
      void killHolder();
      return 'hang';
    });
    runId = await startRun(server.api, workflowId, 1);
    const seen: RunEvent[] = await followEvents(server, runId, 0);
    suite.answer(() => 'ok');
    const run = await waitForRun(server.api, runId);
    const outcome = await checkRun(suite, server, dir, runId, run, 'fault_workers', seen);
    if (!killed) outcome.problems.push(`no worker was killed${notes.length ? `: ${notes.join('; ')}` : ''}`);
    else if (killed.exitCode === null && killed.signalCode === null) outcome.problems.push('the killed worker is still alive');
    if (!outcome.figures.runsResumed) outcome.problems.push('the run was not resumed by the other worker');
    outcome.name = `workers: kill -9 of the worker running the run at webhook POST 3; the other worker resumed it`;
    outcome.figures.kills = killed ? 1 : 0;
    outcome.figures.batchesResent = suite.receiver.duplicates - duplicatesBefore;
    return outcome;
  } finally {
    suite.answer(() => 'ok');
    await Promise.all(pool.map(stopProcess));
    await server.stop();
    await queue.close();
    redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
