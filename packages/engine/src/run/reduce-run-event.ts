import type { RunMode } from '../model/document.ts';
import type { Problem } from '../model/problem.ts';
import type { RankCuts } from '../evaluate/rank-cuts.ts';
import type { NodeRunStatus, RunEvent, RunStatus, SegmentResult } from './run-events.ts';

export interface PartitionRunState {
  status: NodeRunStatus;
  rows?: number;
  ms?: number;
}

export interface NodeRunState {
  status: NodeRunStatus;
  /** Rows across finished partitions. */
  rows: number;
  /** From the first start to the last finish, in ms. */
  ms: number;
  /** Partitions this node runs in (1 for whole-data nodes). */
  partitionCount: number;
  partitions: Record<number, PartitionRunState>;
  problems: Problem[];
  error?: string;
  startedAt?: string;
  finishedAt?: string;
  attempts: number;
  /** Completed fraction while running, 0..1. */
  progress: number;
  /** Global nodes: cut points recorded for one-customer evaluation (see RankCuts). */
  cuts?: RankCuts;
}

export interface RunState {
  runId: string;
  status: RunStatus;
  mode?: RunMode;
  partitions?: number;
  asOf?: string;
  stages: { id: string; nodes: string[]; partitioned: boolean; dependsOn: string[] }[];
  nodes: Record<string, NodeRunState>;
  segments: Record<string, SegmentResult>;
  startedAt?: string;
  finishedAt?: string;
  ms?: number;
  lastSeq: number;
}

export const initialRunState = (runId = ''): RunState => ({ runId, status: 'queued', stages: [], nodes: {}, segments: {}, lastSeq: 0 });

const WHOLE = -1;
const FINAL: NodeRunStatus[] = ['succeeded', 'warning', 'failed', 'skipped'];

const newNode = (partitionCount: number): NodeRunState => ({
  status: 'pending', rows: 0, ms: 0, partitionCount, partitions: {}, problems: [], attempts: 0, progress: 0,
});

/** A node's status from its partitions': failed wins, then running, then skipped, warning, succeeded. */
function nodeStatus(node: NodeRunState): NodeRunStatus {
  const parts = Object.values(node.partitions).map((p) => p.status);
  if (parts.includes('failed')) return 'failed';
  if (parts.includes('retrying')) return 'retrying';
  const finished = parts.filter((s) => FINAL.includes(s)).length;
  if (parts.length === 0) return 'pending';
  if (finished < node.partitionCount) return 'running';
  if (parts.includes('skipped')) return 'skipped';
  if (parts.includes('warning')) return 'warning';
  return 'succeeded';
}

function updateNode(state: RunState, event: Extract<RunEvent, { nodeId: string }>, change: (p: PartitionRunState, n: NodeRunState) => PartitionRunState): RunState {
  const node = state.nodes[event.nodeId] ?? newNode(1);
  const key = event.partition ?? WHOLE;
  const partition = change(node.partitions[key] ?? { status: 'pending' }, node);
  const next: NodeRunState = { ...node, partitions: { ...node.partitions, [key]: partition } };
  next.status = nodeStatus(next);
  next.rows = Object.values(next.partitions).reduce((sum, p) => sum + (p.rows ?? 0), 0);
  const done = Object.values(next.partitions).filter((p) => FINAL.includes(p.status)).length;
  next.progress = Math.min(1, done / next.partitionCount);
  if (event.type === 'node-started' && !next.startedAt) next.startedAt = event.at;
  if (FINAL.includes(next.status) && !FINAL.includes(node.status)) {
    next.finishedAt = event.at;
    next.ms = next.startedAt ? Date.parse(event.at) - Date.parse(next.startedAt) : 0;
  }
  return { ...state, nodes: { ...state.nodes, [event.nodeId]: next } };
}

/**
 * Run state is a pure fold of run events: the server persists with it, the web
 * renders with it, tests assert on it. Events at or below `lastSeq` are ignored,
 * so replaying a stream twice changes nothing.
 */
export function reduceRunEvent(state: RunState, event: RunEvent): RunState {
  if (event.seq <= state.lastSeq) return state;
  const s = { ...state, lastSeq: event.seq };
  switch (event.type) {
    case 'run-started':
      return {
        ...s, runId: event.runId, status: 'running', mode: event.mode, partitions: event.partitions, asOf: event.asOf, startedAt: event.at, stages: event.stages,
        nodes: Object.fromEntries(Object.entries(event.nodes).map(([id, n]) => [id, newNode(n)])),
      };
    case 'run-resumed':
      return {
        ...s, status: 'running', finishedAt: undefined,
        nodes: Object.fromEntries(Object.entries(s.nodes).map(([id, n]) => [id, event.completed.includes(id) ? n : newNode(n.partitionCount)])),
      };
    case 'node-started':
      return updateNode(s, event, () => ({ status: 'running' }));
    case 'node-progress': {
      const node = s.nodes[event.nodeId];
      return node ? { ...s, nodes: { ...s.nodes, [event.nodeId]: { ...node, progress: Math.max(node.progress, event.fraction) } } } : s;
    }
    case 'node-retrying':
      return withNode(updateNode(s, event, () => ({ status: 'retrying' })), event.nodeId, (n) => ({ ...n, attempts: Math.max(n.attempts, event.attempt), error: event.error }));
    case 'node-succeeded':
      return withCuts(withSegment(updateNode(s, event, () => ({ status: 'succeeded', rows: event.rows, ms: event.ms })), event.segment), event);
    case 'node-warned':
      return withCuts(withSegment(
        withNode(updateNode(s, event, () => ({ status: 'warning', rows: event.rows, ms: event.ms })), event.nodeId, (n) => ({ ...n, problems: [...n.problems, ...event.problems] })),
        event.segment,
      ), event);
    case 'node-failed':
      return withNode(updateNode(s, event, () => ({ status: 'failed', ms: event.ms })), event.nodeId, (n) => ({ ...n, error: event.error, problems: [...n.problems, ...(event.problems ?? [])] }));
    case 'node-skipped':
      return withNode(updateNode(s, event, () => ({ status: 'skipped' })), event.nodeId, (n) => ({ ...n, error: n.error ?? event.reason }));
    case 'run-finished':
      return { ...s, status: event.status, segments: event.segments, finishedAt: event.at, ms: event.ms };
  }
}

function withNode(state: RunState, nodeId: string, change: (n: NodeRunState) => NodeRunState): RunState {
  const node = state.nodes[nodeId];
  return node ? { ...state, nodes: { ...state.nodes, [nodeId]: change(node) } } : state;
}

function withCuts(state: RunState, event: { nodeId: string; cuts?: RankCuts }): RunState {
  return event.cuts ? withNode(state, event.nodeId, (n) => ({ ...n, cuts: event.cuts })) : state;
}

function withSegment(state: RunState, segment: ({ name: string } & SegmentResult) | undefined): RunState {
  if (!segment) return state;
  const { name, ...result } = segment;
  return { ...state, segments: { ...state.segments, [name]: result } };
}

export const reduceRunEvents = (events: readonly RunEvent[], state: RunState = initialRunState()) => events.reduce(reduceRunEvent, state);
