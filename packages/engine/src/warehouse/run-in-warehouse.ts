import { DEFAULT_RETRY } from '../model/document.ts';
import { isWarehouseRead } from '../nodes/ingestion.ts';
import type { SourceFacts } from '../nodes/source-facts.ts';
import { planRun } from '../plan/index.ts';
import { executePlan, finishedNodes } from '../run/execute-plan.ts';
import type { RunState } from '../run/reduce-run-event.ts';
import type { WorkflowAnalysis } from '../validate/index.ts';
import type { Database } from '../duckdb/database.ts';
import type { RunWorkflowOptions, RunWorkflowResult } from '../duckdb/run-workflow.ts';
import { PermanentError } from '../run/permanent-error.ts';
import { cancelOnAbort, openWarehouse, RUN_DEADLINES, warehouseUrl } from './open-warehouse.ts';
import { WarehouseBackend } from './warehouse-backend.ts';
import { createWorkSchema, dropWorkSchema, finishedStages, workSchema } from './work-schema.ts';

/** The connection every source of the workflow reads, when they are warehouse tables (validation made sure there is one). */
export function warehouseOf(analysis: Pick<WorkflowAnalysis, 'nodes'>): string | undefined {
  for (const node of analysis.nodes.values()) {
    if (node.definition.scope !== 'source') continue;
    const read = node.definition.read!(node.config);
    return isWarehouseRead(read) ? read.connection : undefined;
  }
  return undefined;
}

/**
 * Runs a checked workflow whose sources are tables of `connection` inside
 * that warehouse, sequentially on one session, compiled as lean DuckDB runs
 * are (one scan per events input, cheap nodes inlined). Stage results are
 * tables of the run's work schema (work-schema.ts): a resumed run reuses the
 * stages its schema records as finished, and the schema goes when the run
 * succeeds. The delivery ledger keeps any batch from being sent twice.
 */
export async function runInWarehouse(
  analysis: WorkflowAnalysis & { sources: Record<string, SourceFacts> },
  connection: string,
  settings: { asOf: string; runId: string },
  database: Database,
  options: RunWorkflowOptions,
): Promise<RunWorkflowResult> {
  const found = warehouseUrl(connection, options.credentials);
  if ('problem' in found) throw new PermanentError(found.problem);
  const session = await openWarehouse(found.url, options.signal, RUN_DEADLINES);
  const stopListening = await cancelOnAbort(found.url, session, options.signal);
  const duckdb = await database.connect();
  try {
    const stages = await finishedStages(session, workSchema(settings.runId));
    const work = await createWorkSchema(session, workSchema(settings.runId));
    const resume = options.resume && withStagesKept(options.resume, work ? stages : new Set());
    const plan = planRun(analysis, { mode: 'sequential', partitions: 1, completed: resume && finishedNodes(resume) });
    const backend = new WarehouseBackend({
      analysis, plan, session, sources: analysis.sources, duckdb, asOf: settings.asOf, runId: settings.runId, lean: !options.storeEveryNode, work,
      resolvePath: options.resolvePath, tablePrefix: options.tablePrefix, deliver: options.deliver, remote: options.remote,
      ledger: options.ledger, addressAllowList: options.addressAllowList, credentials: options.credentials,
      snapshots: options.snapshots, suppression: options.suppression,
    });
    const retries = new Map((analysis.workflow?.nodes ?? []).map((n) => [n.id, n.retry]));
    const state = await executePlan(plan, analysis.adjacency, backend, {
      runId: settings.runId, asOf: settings.asOf, concurrency: 1, onEvent: options.onEvent, signal: options.signal, sleep: options.sleep,
      retryPolicy: (id) => retries.get(id) ?? DEFAULT_RETRY, resume,
    });
    // A finished run has nothing left to resume: its stage tables only cost space.
    if (state.status === 'succeeded' && work) await dropWorkSchema(session, settings.runId);
    return { problems: analysis.problems, plan, state };
  } finally {
    stopListening();
    duckdb.closeSync();
    await session.close();
  }
}

/**
 * The run to resume, its finished nodes only those whose stage the work
 * schema records (a node told finished whose tables are gone, dropped or
 * emptied by a crash of PostgreSQL, runs again).
 */
function withStagesKept(resume: RunState, stages: ReadonlySet<string>): RunState {
  const done = finishedNodes(resume);
  const nodes = Object.fromEntries(Object.entries(resume.nodes).map(([id, node]) =>
    [id, done.has(id) && !stages.has(id) ? { ...node, status: 'pending' as const, partitions: {} } : node]));
  return { ...resume, nodes };
}
