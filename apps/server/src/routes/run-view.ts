import type { AppContext } from '../context.ts';
import { isRetryable, type Run } from '../store/runs.store.ts';

export const segmentUrl = (runId: string, segment: string) => `/api/runs/${runId}/segments/${encodeURIComponent(segment)}.csv`;

/** A run as the API shows it: the row, the freshest state, and where to download each segment. */
export function runView(ctx: AppContext, run: Run) {
  const state = ctx.runService.liveState(run.id) ?? run.state;
  const queuePosition = ctx.runService.queuePosition(run.id);
  return {
    ...runSummary(run),
    workflowId: run.workflowId,
    ...(queuePosition ? { queuePosition } : {}),
    ms: state.ms ?? null,
    problems: run.problems,
    prunedAt: run.prunedAt,
    /** Webhook batches and tables delivered so far (the ledger). */
    delivered: ctx.runService.deliveredCount(run.id),
    stages: state.stages,
    nodes: state.nodes,
    segments: Object.fromEntries(
      Object.entries(state.segments).map(([name, s]) => [name, { ...s, ...(run.prunedAt || !s.path.startsWith('outputs/') ? {} : { url: segmentUrl(run.id, name) }) }]),
    ),
    lastSeq: state.lastSeq,
  };
}

/** A line of run history. */
export function runSummary(run: Run) {
  return {
    id: run.id,
    version: run.version,
    status: run.status,
    mode: run.mode,
    partitions: run.partitions,
    asOf: run.asOf,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    ms: run.state.ms ?? null,
    note: run.note,
    /** POST /api/runs/:id/retry would run its failed and skipped nodes again. */
    retryable: isRetryable(run),
    segments: Object.fromEntries(Object.entries(run.state.segments).map(([name, s]) => [name, s.count])),
  };
}

/** Entered, exited and suppressed counts of each segment a published run kept them for. */
export function segmentChanges(run: Run): Record<string, { entered?: number; exited?: number; suppressed?: number }> {
  const changes: Record<string, { entered?: number; exited?: number; suppressed?: number }> = {};
  for (const [name, s] of Object.entries(run.state.segments))
    if (s.entered !== undefined || s.suppressed !== undefined) changes[name] = { entered: s.entered, exited: s.exited, suppressed: s.suppressed };
  return changes;
}
