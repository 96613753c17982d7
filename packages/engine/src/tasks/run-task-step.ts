import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunMode } from '../model/document.ts';
import { planRun, type RunPlan } from '../plan/index.ts';
import type { NodeStep, StepOutcome } from '../run/execute-plan.ts';
import type { WorkflowAnalysis } from '../validate/index.ts';
import type { SourceFacts } from '../nodes/source-facts.ts';
import { ConnectionPool, openDatabase, type DuckDbLimits } from '../duckdb/database.ts';
import { DuckDbBackend } from '../duckdb/duckdb-backend.ts';
import type { RunWorkflowOptions } from '../duckdb/run-workflow.ts';
import { checkWorkflow } from '../duckdb/run-workflow.ts';
import { finishedStep, logTask, markFinished, mountResults, ownTables, resultTables, stepName, storeTable, writeWhole } from './task-files.ts';

/** What every step of a run needs to know, written once by the run's coordinator: plain data. */
export interface TaskContext {
  document: unknown;
  runId: string;
  mode: RunMode;
  partitions: number;
  asOf: string;
  sample?: number;
  deliver?: boolean;
  remote?: boolean;
  /** False: every node stored whole (see RunWorkflowOptions.storeEveryNode). */
  lean: boolean;
}

/** What the process executing a step brings itself: where files are, and where deliveries go. */
export type TaskEnvironment = Pick<RunWorkflowOptions,
  'resolvePath' | 'describe' | 'ledger' | 'addressAllowList' | 'credentials' | 'snapshots' | 'suppression'> & {
  /** Who executes the step, for the task log (default: this process's id). */
  worker?: string;
  /** Memory, threads and spill folder of the step's DuckDB (default: DuckDB's own, most of the machine). */
  limits?: DuckDbLimits;
};

export const writeTaskContext = (folder: string, context: TaskContext) => writeWhole(join(folder, 'context.json'), JSON.stringify(context));

export const readTaskContext = (folder: string): TaskContext => JSON.parse(readFileSync(join(folder, 'context.json'), 'utf8')) as TaskContext;

interface Prepared {
  analysis: WorkflowAnalysis & { sources: Record<string, SourceFacts> };
  plan: RunPlan;
}

/** Analysed runs of this process by folder: every step of a run would otherwise read its sources' columns again. */
const prepared = new Map<string, Promise<Prepared>>();
const PREPARED_KEPT = 16;

function prepare(folder: string, context: TaskContext, env: TaskEnvironment): Promise<Prepared> {
  let entry = prepared.get(folder);
  if (!entry) {
    entry = (async () => {
      const analysis = await checkWorkflow(context.document, { resolvePath: env.resolvePath, describe: env.describe, addressAllowList: env.addressAllowList, credentials: env.credentials });
      // The coordinator's plan: the same document, mode and partitions make the same one.
      return { analysis, plan: planRun(analysis, { mode: context.mode, partitions: context.partitions }) };
    })();
    entry.catch(() => prepared.delete(folder));
    prepared.set(folder, entry);
    if (prepared.size > PREPARED_KEPT) prepared.delete(prepared.keys().next().value!);
  }
  return entry;
}

/**
 * Executes one step of a run in a fresh DuckDB of its own: the results of the
 * steps before it are read from the run's folder, the tables it makes are
 * written there, then the step is recorded as finished. A step finished before
 * (a job handed out twice, a resumed run) is not run again: its outcome is returned.
 */
export async function runTaskStep(folder: string, step: NodeStep, env: TaskEnvironment, signal: AbortSignal): Promise<StepOutcome> {
  const done = finishedStep(folder, step);
  if (done) return done;
  const context = readTaskContext(folder);
  const { analysis, plan } = await prepare(folder, context, env);
  const worker = env.worker ?? `pid:${process.pid}`;
  logTask(folder, { step: stepName(step), worker, event: 'started' });
  const database = await openDatabase(':memory:', env.limits);
  try {
    const setup = await database.connect();
    const pool = new ConnectionPool(database, 1);
    try {
      await mountResults(setup, folder, ownTables(step));
      const backend = new DuckDbBackend({
        analysis, plan, pool, asOf: context.asOf, sources: analysis.sources, resolvePath: env.resolvePath,
        sample: context.sample, deliver: context.deliver, lean: context.lean, runId: context.runId, remote: context.remote,
        ledger: env.ledger, addressAllowList: env.addressAllowList, credentials: env.credentials, snapshots: env.snapshots, suppression: env.suppression,
      });
      const outcome = await backend.runStep(step, signal);
      for (const table of await resultTables(setup)) await storeTable(setup, folder, table);
      // Failures are not recorded: a retry of the run tries the step again.
      if (!outcome.failed) markFinished(folder, step, outcome);
      logTask(folder, { step: stepName(step), worker, event: outcome.failed ? 'failed' : 'finished' });
      return outcome;
    } catch (e) {
      logTask(folder, { step: stepName(step), worker, event: 'failed' });
      throw e;
    } finally {
      pool.closeAll();
      setup.closeSync();
    }
  } finally {
    database.close();
  }
}
