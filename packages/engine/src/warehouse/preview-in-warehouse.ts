import { hasErrors } from '../model/problem.ts';
import type { CheckOptions } from '../duckdb/run-workflow.ts';
import { checkWorkflow } from '../duckdb/run-workflow.ts';
import type { PreviewResult } from '../preview/preview-result.ts';
import { planRun } from '../plan/index.ts';
import { executePlan } from '../run/execute-plan.ts';
import { todayUtc } from '../duckdb/run-workflow.ts';
import { PermanentError } from '../run/permanent-error.ts';
import { cancelOnAbort, openWarehouse, PREVIEW_DEADLINES, warehouseUrl } from './open-warehouse.ts';
import { warehouseOf } from './run-in-warehouse.ts';
import { WarehouseBackend } from './warehouse-backend.ts';
import { upstreamOf } from '../graph/reachability.ts';
import type { PostgresSession } from '../destinations/postgres-session.ts';
import type { RunState } from '../run/reduce-run-event.ts';
import type { WorkflowAnalysis } from '../validate/index.ts';

/** Whether a document's sources are warehouse tables: its previews count in the warehouse. */
export const readsWarehouse = (document: unknown): boolean => {
  const nodes = (document as { nodes?: unknown } | null)?.nodes;
  return Array.isArray(nodes) && nodes.some((n) => (n as { config?: { format?: unknown } } | null)?.config?.format === 'postgres');
};

/** What a preview computed in the warehouse: the node tables live until `work` returns. */
export interface WarehouseComputed {
  analysis: WorkflowAnalysis;
  session: PostgresSession;
  backend: WarehouseBackend;
  state: RunState;
}

/**
 * Checks the document, then runs its steps (with `only`, just that node and
 * those it reads from) inside the warehouse its sources live in, without
 * delivering anything, each statement stopped by PostgreSQL after a minute
 * (statement_timeout), and hands the session to `work` before it closes.
 * `signal` (a newer preview replaced this one) cancels the running statement.
 * A document with errors gets `invalid` instead.
 */
export async function computeInWarehouse<T>(
  document: unknown,
  options: CheckOptions & { asOf?: string; signal?: AbortSignal; only?: string },
  invalid: (analysis: WorkflowAnalysis) => T,
  work: (computed: WarehouseComputed) => Promise<T>,
): Promise<T> {
  const analysis = await checkWorkflow(document, options);
  if (hasErrors(analysis.problems)) return invalid(analysis);
  const connection = warehouseOf(analysis);
  if (connection === undefined) throw new Error('computeInWarehouse: the workflow reads files');
  const found = warehouseUrl(connection, options.credentials);
  if ('problem' in found) throw new PermanentError(found.problem);
  const asOf = options.asOf ?? analysis.workflow?.run?.asOf ?? todayUtc();
  // Steps that do not feed `only` are left out, as if done already.
  const needed = options.only === undefined ? undefined : new Set([options.only, ...upstreamOf(analysis.adjacency, [options.only])]);
  const completed = needed && new Set(analysis.order.filter((id) => !needed.has(id)));
  const session = await openWarehouse(found.url, options.signal, PREVIEW_DEADLINES);
  const stopListening = await cancelOnAbort(found.url, session, options.signal);
  try {
    const plan = planRun(analysis, { mode: 'sequential', partitions: 1, completed });
    const backend = new WarehouseBackend({ analysis, plan, session, sources: analysis.sources, asOf, runId: 'preview', resolvePath: options.resolvePath, deliver: false });
    const signal = options.signal ?? new AbortController().signal;
    const state = await executePlan(plan, analysis.adjacency, backend, { runId: 'preview', asOf, concurrency: 1, signal, completed, retryPolicy: () => ({ attempts: 1, backoffMs: 0, maxBackoffMs: 0 }) });
    signal.throwIfAborted();
    const failed = Object.entries(state.nodes).filter(([, n]) => n.status === 'failed');
    if (failed.length) throw new Error(failed.map(([id, n]) => `${id}: ${n.error ?? 'failed'}`).join('; '));
    return await work({ analysis, session, backend, state });
  } finally {
    stopListening();
    await session.close();
  }
}

/**
 * Every node's exact row count, computed inside the warehouse the workflow's
 * sources live in: the run's statements without delivering anything.
 */
export function previewInWarehouse(document: unknown, options: CheckOptions & { asOf?: string; signal?: AbortSignal }): Promise<PreviewResult> {
  return computeInWarehouse(document, options, (analysis) => ({ counts: {}, problems: analysis.problems, computed: [] }), async ({ analysis, state }) => {
    const done = Object.entries(state.nodes).filter(([, n]) => n.status === 'succeeded' || n.status === 'warning');
    const counts = Object.fromEntries(done.map(([id, n]) => [id, { rows: n.rows, exact: true }]));
    return { counts, problems: [...analysis.problems, ...Object.values(state.nodes).flatMap((n) => n.problems ?? [])], computed: Object.keys(counts) };
  });
}
