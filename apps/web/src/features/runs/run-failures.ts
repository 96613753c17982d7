import type { Problem, RunState } from '@segflow/engine';

export interface FailedStep {
  nodeId: string;
  /** The error's first line: engines put their detail (file, options) on the lines after. */
  message: string;
  /** The whole error, for a tooltip. */
  detail: string;
  /** Attempts the step made before it gave up, when more than one. */
  attempts?: number;
}

export interface FailedAndSkipped {
  failed: FailedStep[];
  /** Steps not run because a step before them failed. */
  skipped: string[];
}

/** The run's steps in the canvas' order, then any the canvas no longer has. */
const inOrder = (state: RunState, order: readonly string[]) => [...order.filter((id) => id in state.nodes), ...Object.keys(state.nodes).filter((id) => !order.includes(id))];

const ATTEMPTS = /\s*\(after (\d+) attempts\)\s*$/;

/**
 * What went wrong in a run, in the order of `order` (the canvas' node order):
 * what a retry would run again.
 */
export function runFailures(state: RunState, order: readonly string[] = []): FailedAndSkipped {
  const ids = inOrder(state, order);
  const failed: FailedStep[] = [];
  const skipped: string[] = [];
  for (const nodeId of ids) {
    const node = state.nodes[nodeId];
    if (node.status === 'skipped') skipped.push(nodeId);
    if (node.status !== 'failed') continue;
    const detail = node.error ?? node.problems.find((p) => p.severity === 'error')?.message ?? 'It failed without saying why.';
    const attempts = Number(ATTEMPTS.exec(detail)?.[1] ?? node.attempts);
    failed.push({ nodeId, message: detail.replace(ATTEMPTS, '').split('\n')[0].trim(), detail, ...(attempts > 1 ? { attempts } : {}) });
  }
  return { failed, skipped };
}

/**
 * What the run's steps reported besides their failures, in the order of
 * `order`: an error a failed step's line already tells is not told twice.
 */
export function runNotes(state: RunState, failed: readonly FailedStep[], order: readonly string[] = []): { nodeId: string; problem: Problem }[] {
  const told = new Map(failed.map((f) => [f.nodeId, f.detail]));
  const ids = inOrder(state, order);
  return ids.flatMap((nodeId) => state.nodes[nodeId].problems
    .filter((problem) => !(problem.severity === 'error' && told.get(nodeId)?.includes(problem.message)))
    .map((problem) => ({ nodeId, problem })));
}

/** Whether every step that failed failed only because its segment was outside its expected size (a retry would fail again). */
export function failedOnSizeOnly(state: RunState): boolean {
  const failed = Object.values(state.nodes).filter((n) => n.status === 'failed');
  return failed.length > 0 && failed.every((n) => n.problems.some((p) => p.code === 'segment_size' && p.severity === 'error'));
}
