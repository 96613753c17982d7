import { hostname } from 'node:os';
import { Worker } from 'bullmq';
import type { Logger } from 'pino';
import { dropResults, runWorkflow, type AddressAllowList } from '@segflow/engine/node';
import { deliveriesStore } from '../store/deliveries.store.ts';
import { pathResolver } from '../services/resolve-path.ts';
import { runOutputDir } from '../services/data-paths.ts';
import { startTaskWorker, taskDispatcher, taskFolder } from './task-queue.ts';
import { loadSecretKey, secretBox } from '../credentials/secret-box.ts';
import { dataPaths } from '../services/data-paths.ts';
import { RunService } from '../services/run-service.ts';
import { suppressionLists } from '../services/suppression-lists.ts';
import { runEventHub, type RunEventHub } from '../sse/run-event-hub.ts';
import { credentialStore } from '../store/credentials.store.ts';
import { openStore } from '../store/database.ts';
import { runStore } from '../store/runs.store.ts';
import { suppressionStore } from '../store/suppression.store.ts';
import { pubSubBeside, RUN_CANCELS_CHANNEL, RUN_EVENTS_CHANNEL, RUN_QUEUE, redisConnection } from './redis-connection.ts';
import type { RelayedEvent, RunJob } from './server-queue.ts';
import { startPreviewWorker } from './preview-worker.ts';

export interface RunWorkerSettings {
  redisUrl: string;
  /** The data folder every server and worker of the installation shares. */
  dataDir: string;
  /** Runs this worker coordinates at once (SEGFLOW_WORKER_CONCURRENCY, default 1). */
  concurrency: number;
  /**
   * Steps of runs (any worker's) this worker executes at once (SEGFLOW_WORKER_TASK_CONCURRENCY, default
   * `concurrency`); 0: it coordinates runs and computes previews, and leaves every step to other workers.
   */
  taskConcurrency?: number;
  /**
   * How long a job stays this worker's without a sign of life (SEGFLOW_WORKER_LOCK_MS, default 30 s):
   * after a worker dies, its run waits about this long before another worker resumes it.
   */
  lockMs: number;
  /** Finished runs per workflow whose files and events are kept (as the server's setting). */
  retainRuns: number;
  logger: Logger;
  webhookAllowList?: AddressAllowList;
  secretKey?: string;
}

export interface RunWorker {
  /** Stops taking runs; the runs it was executing stay open and another worker resumes them. */
  close(): Promise<void>;
}

/**
 * A queue-mode worker (`segflow worker`): computes previews (startPreviewWorker),
 * coordinates runs it takes from the run queue, and executes steps of any run
 * from the task queue (task-queue.ts). A run's coordinator is the same RunService
 * a server uses, whose engine sends each ready step (a node on one partition) to
 * the task queue; steps read and write their results as files in the run's task
 * folder on the shared data folder. A run's events go to the shared SQLite first
 * and then to Redis, where every server's SSE streams hear them. A step a killed
 * worker was executing is taken back by the queue and executed by another; a run
 * whose coordinator was killed resumes on another worker from its stored events.
 * Finished steps are never run again, and delivered batches are not sent again (the ledger).
 */
export async function startRunWorker(s: RunWorkerSettings): Promise<RunWorker> {
  const paths = dataPaths(s.dataDir);
  const db = openStore(paths.database);
  const credentials = credentialStore(db, secretBox(loadSecretKey(paths.root, s.secretKey)));
  const suppression = suppressionStore(db);
  const connection = redisConnection(s.redisUrl);
  const name = `${hostname()}:${process.pid}`;
  const worker = new Worker<RunJob>(RUN_QUEUE, take, {
    // Jobs say which worker holds them (host:pid), for operators and for the fault suite's kill.
    connection, concurrency: s.concurrency, autorun: false, name,
    lockDuration: s.lockMs, stalledInterval: Math.max(1_000, Math.floor(s.lockMs / 2)), maxStalledCount: 5,
  });
  worker.on('error', (err) => s.logger.warn({ err }, 'the worker cannot reach Redis'));
  const client = await worker.client;
  const publisher = pubSubBeside(client);
  const deliveries = deliveriesStore(paths.database);
  const runs = runStore(db);
  // A run's steps go to the task queue, where any worker (this one too) executes them: this worker coordinates.
  const dispatcher = taskDispatcher(connection, s.logger);
  const taskConcurrency = s.taskConcurrency ?? s.concurrency;
  const tasks = taskConcurrency === 0 ? undefined : startTaskWorker({
    connection, concurrency: taskConcurrency, lockMs: s.lockMs, name, paths, logger: s.logger,
    environment(runId) {
      const run = runs.get(runId);
      if (!run) return undefined;
      const published = run.version !== null;
      return {
        resolvePath: pathResolver(paths.datasets, runOutputDir(paths, runId)), ledger: deliveries.ledger(runId),
        snapshots: published ? deliveries.snapshots(paths.root, run.workflowId) : undefined,
        suppression: published ? suppressionLists(suppression.list(), paths.datasets) : undefined,
        addressAllowList: s.webhookAllowList, credentials: credentials.resolver(),
      };
    },
  });
  const engine: typeof runWorkflow = async (document, options) => {
    const runId = options.runId!;
    const folder = taskFolder(paths, runId);
    const result = await runWorkflow(document, { ...options, tasks: { folder, dispatch: dispatcher.forRun(runId, folder) } });
    // A succeeded run is never resumed: its steps' results only cost disk. Any other may be (a stopping
    // worker's run ends "cancelled" here and resumes elsewhere); pruning the run removes them.
    if (result.state?.status === 'succeeded') dropResults(folder);
    return result;
  };
  const runService = new RunService({ engine,
    runs, hub: relayingHub(runEventHub(), (message) => void publisher.publish(RUN_EVENTS_CHANNEL, JSON.stringify(message))),
    paths, maxConcurrentRuns: s.concurrency, retainRuns: s.retainRuns, resultsPerRun: true, logger: s.logger, webhookAllowList: s.webhookAllowList,
    credentials: credentials.resolver(), suppression: () => suppressionLists(suppression.list(), paths.datasets),
  });
  let stopping = false;

  async function take(job: { data: RunJob }): Promise<void> {
    const { runId } = job.data;
    // A retry queued while this job was ending was not queued again (the queue knows the run's job by its
    // id, and this one was still active): this job runs it (a few times at most, never in a loop).
    for (let turn = 0; turn < 3 && !stopping; turn++) {
      await runService.runHere(runId);
      if (runs.get(runId)?.status !== 'queued') break;
    }
    // Thrown so the queue gives the run to another worker (or this one, started again) a little later.
    if (stopping) throw new Error('The worker stopped before the run ended; it resumes on another worker.');
  }

  const cancels = pubSubBeside(client);
  cancels.on('message', (_channel: string, runId: string) => {
    runService.cancel(runId);
    tasks?.cancel(runId);
  });
  await cancels.subscribe(RUN_CANCELS_CHANNEL);
  const previews = await startPreviewWorker({ connection, paths, logger: s.logger, addressAllowList: s.webhookAllowList, credentials: credentials.resolver(), subscriber: pubSubBeside(client) });
  void worker.run();
  s.logger.info({ concurrency: s.concurrency, taskConcurrency, dataDir: paths.root }, 'segflow worker started');

  return {
    async close() {
      if (stopping) return;
      stopping = true;
      const closing = worker.close();
      await runService.close();
      await closing;
      await tasks?.close();
      await dispatcher.close();
      deliveries.close();
      await previews.close();
      await Promise.allSettled([cancels.quit(), publisher.quit()]);
      db.close();
    },
  };
}

/** The worker's hub: what the run service publishes also goes to Redis for the servers. */
function relayingHub(local: RunEventHub, relay: (message: RelayedEvent) => void): RunEventHub {
  return { ...local, publish: (runId, event) => (local.publish(runId, event), relay({ runId, event })) };
}
