import { DEFAULT_RETRY } from '../model/document.ts';
import { isWarehouseRead } from '../nodes/ingestion.ts';
import type { SourceFacts } from '../nodes/source-facts.ts';
import { planRun } from '../plan/index.ts';
import { executePlan } from '../run/execute-plan.ts';
import type { WorkflowAnalysis } from '../validate/index.ts';
import type { Database } from '../duckdb/database.ts';
import type { RunWorkflowOptions, RunWorkflowResult } from '../duckdb/run-workflow.ts';
import { PermanentError } from '../run/permanent-error.ts';
import { cancelOnAbort, openWarehouse, RUN_DEADLINES, warehouseUrl } from './open-warehouse.ts';
import { WarehouseBackend } from './warehouse-backend.ts';

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
 * that warehouse: sequentially (one session holds the run's temporary
 * tables), each node one statement. A resumed run computes again from the
 * start (temporary tables end with their session); the delivery ledger still
 * keeps any batch from being sent twice.
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
  const plan = planRun(analysis, { mode: 'sequential', partitions: 1 });
  const session = await openWarehouse(found.url, options.signal, RUN_DEADLINES);
  const stopListening = await cancelOnAbort(found.url, session, options.signal);
  const duckdb = await database.connect();
  try {
    const backend = new WarehouseBackend({
      analysis, session, sources: analysis.sources, duckdb, asOf: settings.asOf, runId: settings.runId,
      resolvePath: options.resolvePath, tablePrefix: options.tablePrefix, deliver: options.deliver, remote: options.remote,
      ledger: options.ledger, addressAllowList: options.addressAllowList, credentials: options.credentials,
      snapshots: options.snapshots, suppression: options.suppression,
    });
    const retries = new Map((analysis.workflow?.nodes ?? []).map((n) => [n.id, n.retry]));
    const state = await executePlan(plan, analysis.adjacency, backend, {
      runId: settings.runId, asOf: settings.asOf, concurrency: 1, onEvent: options.onEvent, signal: options.signal, sleep: options.sleep,
      retryPolicy: (id) => retries.get(id) ?? DEFAULT_RETRY,
    });
    return { problems: analysis.problems, plan, state };
  } finally {
    stopListening();
    duckdb.closeSync();
    await session.close();
  }
}
