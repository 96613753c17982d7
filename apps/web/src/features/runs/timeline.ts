import type { NodeRunStatus, RunEvent } from '@segflow/engine';

/** One bar of the Gantt chart: a node on one partition (null: on all rows). */
export interface TimelineBar {
  nodeId: string;
  partition: number | null;
  /** Epoch ms. */
  start: number;
  end?: number;
  status: NodeRunStatus;
  rows?: number;
}

export interface Timeline {
  bars: Record<string, TimelineBar>;
  startedAt?: number;
  finishedAt?: number;
  /** When the run was picked up again (a retry, or a restart of the server), for a mark on the chart. */
  resumedAt: number[];
  lastSeq: number;
}

export const emptyTimeline = (): Timeline => ({ bars: {}, resumedAt: [], lastSeq: 0 });

const barKey = (nodeId: string, partition: number | undefined) => `${nodeId}\u0000${partition ?? 'all'}`;

/**
 * The run's steps over time, folded from the same events as the run state. The
 * engine's run state keeps one start per node; the Gantt needs one per partition,
 * so this view keeps its own small fold. Replayed events change nothing.
 */
export function reduceTimeline(t: Timeline, event: RunEvent): Timeline {
  if (event.seq <= t.lastSeq) return t;
  const at = Date.parse(event.at);
  const next: Timeline = { ...t, lastSeq: event.seq };
  if (event.type === 'run-started') return { ...next, startedAt: at };
  if (event.type === 'run-finished') return { ...next, finishedAt: at };
  if (event.type === 'run-resumed') {
    // Steps that did not finish before the interruption run again: their old bars go.
    const kept = Object.entries(t.bars).filter(([, b]) => event.completed.includes(b.nodeId));
    return { ...next, finishedAt: undefined, resumedAt: [...t.resumedAt, at], bars: Object.fromEntries(kept) };
  }
  if (!('nodeId' in event) || event.type === 'node-progress') return next;
  const key = barKey(event.nodeId, event.partition);
  const bar: TimelineBar = t.bars[key] ?? { nodeId: event.nodeId, partition: event.partition ?? null, start: at, status: 'pending' };
  let changed: TimelineBar;
  switch (event.type) {
    case 'node-started':
      changed = { ...bar, status: 'running', end: undefined };
      break;
    case 'node-retrying':
      changed = { ...bar, status: 'retrying' };
      break;
    case 'node-succeeded':
      changed = { ...bar, status: 'succeeded', end: at, rows: event.rows };
      break;
    case 'node-warned':
      changed = { ...bar, status: 'warning', end: at, rows: event.rows };
      break;
    case 'node-failed':
      changed = { ...bar, status: 'failed', end: at };
      break;
    case 'node-skipped':
      changed = { ...bar, status: 'skipped', end: at };
      break;
    default:
      return next;
  }
  return { ...next, bars: { ...t.bars, [key]: changed } };
}

/** Rows of the chart: nodes in the order given, each with its partitions' bars sorted. */
export function timelineRows(t: Timeline, order: readonly string[]): { nodeId: string; bars: TimelineBar[] }[] {
  const byNode = new Map<string, TimelineBar[]>();
  for (const bar of Object.values(t.bars)) byNode.set(bar.nodeId, [...(byNode.get(bar.nodeId) ?? []), bar]);
  const ids = [...order.filter((id) => byNode.has(id)), ...[...byNode.keys()].filter((id) => !order.includes(id))];
  return ids.map((nodeId) => ({
    nodeId,
    bars: byNode.get(nodeId)!.sort((a, b) => (a.partition ?? -1) - (b.partition ?? -1)),
  }));
}
