import { availableParallelism } from 'node:os';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { RunMode } from '../model/document.ts';
import { hasErrors, type Problem } from '../model/problem.ts';
import type { SourceFacts } from '../nodes/source-facts.ts';
import { planRun, type RunPlan } from '../plan/index.ts';
import { executePlan, finishedNodes } from '../run/execute-plan.ts';
import { resolveRunSettings } from '../run/run-settings.ts';
import { DEFAULT_RETRY } from '../model/document.ts';
import type { RunState } from '../run/reduce-run-event.ts';
import type { RunEvent } from '../run/run-events.ts';
import { analyzeParsed, sourceReads, type WorkflowAnalysis } from '../validate/index.ts';
import { parseWorkflow } from '../model/parse-workflow.ts';
import { ConnectionPool, openDatabase, type Database } from './database.ts';
import { describeWithDuckDb, type DescribeSource } from './read-source.ts';
import { DuckDbBackend } from './duckdb-backend.ts';
import type { DeliveryLedger } from '../destinations/ledger.ts';
import type { AddressAllowList } from '../destinations/destination-schema.ts';
import type { CredentialResolver } from '../destinations/credentials.ts';
import type { MembershipSnapshots } from '../destinations/membership.ts';
import type { SuppressionList } from './suppression.ts';
import { isWarehouseRead, type SourceRead, type WarehouseReadConfig } from '../nodes/ingestion.ts';
import { describeWarehouseSources } from '../warehouse/describe-sources.ts';
import { runInWarehouse, warehouseOf } from '../warehouse/run-in-warehouse.ts';
import { mkdirSync } from 'node:fs';
import type { RunBackend } from '../run/execute-plan.ts';
import { runTaskStep, writeTaskContext } from '../tasks/run-task-step.ts';
import { TaskBackend, type DispatchStep } from '../tasks/task-backend.ts';

export type ResolvePath = (path: string, use: 'read' | 'write') => string;

export interface CheckOptions {
  resolvePath: ResolvePath;
  database?: Database;
  /** Reads a source's columns; the server and the previewer pass one that caches by file fingerprint. */
  describe?: DescribeSource;
  addressAllowList?: AddressAllowList;
  /** What connection names stand for: warehouse sources are described from their catalog (and destinations deliver). */
  credentials?: CredentialResolver;
}

/** Today's date in UTC, the default as-of date. */
export const todayUtc = () => new Date().toISOString().slice(0, 10);

export interface CheckedWorkflow extends WorkflowAnalysis {
  /** Each source node's facts, by id. */
  sources: Record<string, SourceFacts>;
  /** What each source node reads (see validate/source-nodes.ts). */
  reads: { nodeId: string; read: SourceRead }[];
}

/**
 * Validates a document with the facts only files can give: each source's
 * columns (an unreadable one is `unreadable_source`).
 */
export async function checkWorkflow(document: unknown, options: CheckOptions): Promise<CheckedWorkflow> {
  let database = options.database;
  let connection: DuckDBConnection | undefined;
  // Opened only for a file not described before: a cached describe needs no DuckDB at all.
  const connect = async () => (connection ??= await (database ??= await openDatabase()).connect());
  const describe = options.describe ?? describeWithDuckDb;
  const sources: Record<string, SourceFacts> = {};
  const parsed = parseWorkflow(document);
  const reads = sourceReads(parsed);
  const tables = new Map<string, WarehouseReadConfig>();
  try {
    for (const { nodeId, read } of reads) {
      if (isWarehouseRead(read)) {
        tables.set(nodeId, read);
        continue;
      }
      let path: string;
      try {
        path = options.resolvePath(read.path, 'read');
      } catch (e) {
        sources[nodeId] = { ok: false, message: (e as Error).message };
        continue;
      }
      sources[nodeId] = await describe(read, path, connect);
    }
  } finally {
    connection?.closeSync();
    if (!options.database) database?.close();
  }
  if (tables.size) Object.assign(sources, await describeWarehouseSources(tables, options.credentials));
  return { ...analyzeParsed(parsed, { sources, addressAllowList: options.addressAllowList }), sources, reads };
}

export interface RunWorkflowOptions extends CheckOptions {
  mode?: RunMode;
  partitions?: number;
  asOf?: string;
  runId?: string;
  onEvent?: (event: RunEvent) => void;
  signal?: AbortSignal;
  /** Tasks running at once; default: partitions, at least 2 (1 in sequential mode). */
  concurrency?: number;
  /** Run on this fraction (0..1] of customers, picked by a hash of the key. */
  sample?: number;
  /** False: compute segments but write no file (comparisons). Default true. */
  deliver?: boolean;
  /**
   * Resume this run: its finished nodes are reused (their tables must be in
   * `database`), the rest run again with the run's own mode and partitions.
   */
  resume?: RunState;
  /** Deliver to webhooks and databases (published versions); otherwise remote outputs go to CSV files. */
  remote?: boolean;
  /** Delivered batches, kept across resumes (default: in memory). */
  ledger?: DeliveryLedger;
  /** Addresses webhooks and databases may reach besides public ones. */
  addressAllowList?: AddressAllowList;
  /** What connection and secret names in destinations stand for (see destinations/credentials.ts). */
  credentials?: CredentialResolver;
  /** Published runs: members' keys kept per run, and the last delivered ones (change-only delivery, history). */
  snapshots?: MembershipSnapshots;
  /** Published runs: lists of keys no output delivers, whatever the document says (see duckdb/suppression.ts). */
  suppression?: readonly SuppressionList[];
  /** Prefix for the run's tables, so runs sharing one database file keep apart (default: none). */
  tablePrefix?: string;
  /** Store every node's rows whole, each aggregate scanning its events: the plain way lean runs are tested against. */
  storeEveryNode?: boolean;
  /** Waits between retry attempts (tests pass a fake). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /**
   * Execute the run step by step, each in a fresh DuckDB, results kept as files
   * in `folder` (see tasks/task-files.ts): steps can then run in other
   * processes (`dispatch`, queue mode), and finished ones are never run again.
   */
  tasks?: { folder: string; dispatch?: DispatchStep };
}

export interface RunWorkflowResult {
  /** Validation problems; when any is an error nothing ran and `state` is absent. */
  problems: Problem[];
  plan?: RunPlan;
  state?: RunState;
}

/** Validates, plans and runs a document on DuckDB. */
export async function runWorkflow(document: unknown, options: RunWorkflowOptions): Promise<RunWorkflowResult> {
  const database = options.database ?? (await openDatabase());
  try {
    const analysis = await checkWorkflow(document, { ...options, database });
    if (hasErrors(analysis.problems)) return { problems: analysis.problems };
    const run = analysis.workflow?.run;
    const resume = options.resume;
    // A resumed run keeps the settings it started with.
    const requested = { mode: resume?.mode ?? options.mode, partitions: resume?.partitions ?? options.partitions, asOf: resume?.asOf ?? options.asOf };
    const { mode, partitions, asOf } = resolveRunSettings(requested, run, { cores: availableParallelism(), asOf: todayUtc });
    // Sources that are warehouse tables: the whole workflow runs in that warehouse.
    const warehouse = warehouseOf(analysis);
    const runIdOf = () => resume?.runId ?? options.runId ?? `run-${Date.now().toString(36)}`;
    if (warehouse !== undefined) return await runInWarehouse(analysis, warehouse, { asOf, runId: runIdOf() }, database, options);
    const completed = resume ? finishedNodes(resume) : undefined;
    const plan = planRun(analysis, { mode, partitions, completed });
    const concurrency = mode === 'sequential' ? 1 : (options.concurrency ?? Math.max(2, plan.partitions));
    const pool = new ConnectionPool(database, concurrency);
    const runId = runIdOf();
    const retries = new Map((analysis.workflow?.nodes ?? []).map((n) => [n.id, n.retry]));
    const backend: RunBackend = options.tasks ? taskBackend(options.tasks, document, { runId, mode: plan.mode, partitions: plan.partitions, asOf }, options)
      : new DuckDbBackend({ analysis, plan, pool, asOf, sources: analysis.sources, resolvePath: options.resolvePath, sample: options.sample, deliver: options.deliver, tablePrefix: options.tablePrefix,
        lean: !options.storeEveryNode,
        runId, remote: options.remote, ledger: options.ledger, addressAllowList: options.addressAllowList, credentials: options.credentials, snapshots: options.snapshots, suppression: options.suppression,
      });
    const onAbort = () => pool.interruptAll();
    options.signal?.addEventListener('abort', onAbort);
    try {
      const state = await executePlan(plan, analysis.adjacency, backend, {
        runId, asOf, concurrency, onEvent: options.onEvent, signal: options.signal, resume, sleep: options.sleep,
        retryPolicy: (id) => retries.get(id) ?? DEFAULT_RETRY,
      });
      return { problems: analysis.problems, plan, state };
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      pool.closeAll();
    }
  } finally {
    if (!options.database) database.close();
  }
}

/** The backend of a run executed task by task: its context written for whoever executes a step (this process by default). */
function taskBackend(tasks: NonNullable<RunWorkflowOptions['tasks']>, document: unknown, settings: { runId: string; mode: RunMode; partitions: number; asOf: string }, options: RunWorkflowOptions): RunBackend {
  mkdirSync(tasks.folder, { recursive: true });
  writeTaskContext(tasks.folder, { document, ...settings, sample: options.sample, deliver: options.deliver, remote: options.remote, lean: !options.storeEveryNode });
  return new TaskBackend(tasks.folder, tasks.dispatch ?? ((step, signal) => runTaskStep(tasks.folder, step, options, signal)));
}
