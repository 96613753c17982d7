import type { RunMode } from '../model/document.ts';
import type { Problem } from '../model/problem.ts';
import type { RankCuts } from '../evaluate/rank-cuts.ts';

export type NodeRunStatus = 'pending' | 'running' | 'succeeded' | 'warning' | 'failed' | 'skipped' | 'retrying';
export type RunStatus = 'queued' | 'running' | 'succeeded' | 'partial' | 'failed' | 'cancelled';

export interface SegmentResult {
  count: number;
  path: string;
  /** Published runs: members since the last delivered run, and those gone since. */
  entered?: number;
  exited?: number;
  /** Published runs: members left out because a suppression list holds their key. */
  suppressed?: number;
}

interface EventBase {
  /** Run-wide, increasing from 1. */
  seq: number;
  /** ISO time. */
  at: string;
}

/** Where a node step ran: one partition, or (absent) all rows. */
interface NodeEventBase extends EventBase {
  nodeId: string;
  partition?: number;
}

export interface RunStartedEvent extends EventBase {
  type: 'run-started';
  runId: string;
  mode: RunMode;
  partitions: number;
  asOf: string;
  /** Node id → how many partitions it runs in (1 for whole-data nodes). */
  nodes: Record<string, number>;
  /** The plan's stages, for drawing the run. */
  stages: { id: string; nodes: string[]; partitioned: boolean; dependsOn: string[] }[];
}

/** A run picked up again after a crash or for a retry: `completed` nodes keep their results. */
export interface RunResumedEvent extends EventBase {
  type: 'run-resumed';
  completed: string[];
}

export interface NodeStartedEvent extends NodeEventBase { type: 'node-started' }
export interface NodeProgressEvent extends NodeEventBase { type: 'node-progress'; fraction: number }
export interface NodeSucceededEvent extends NodeEventBase {
  type: 'node-succeeded';
  rows: number;
  ms: number;
  segment?: { name: string } & SegmentResult;
  /** Global nodes (rank): what one-customer evaluation needs of all rows. */
  cuts?: RankCuts;
}
export interface NodeWarnedEvent extends NodeEventBase {
  type: 'node-warned';
  rows: number;
  ms: number;
  problems: Problem[];
  segment?: { name: string } & SegmentResult;
  cuts?: RankCuts;
}
export interface NodeFailedEvent extends NodeEventBase { type: 'node-failed'; error: string; ms: number; problems?: Problem[] }
export interface NodeRetryingEvent extends NodeEventBase { type: 'node-retrying'; attempt: number; error: string }
export interface NodeSkippedEvent extends NodeEventBase { type: 'node-skipped'; reason: string }
export interface RunFinishedEvent extends EventBase {
  type: 'run-finished';
  status: Exclude<RunStatus, 'queued' | 'running'>;
  segments: Record<string, SegmentResult>;
  ms: number;
}

/** Everything a run reports, past tense, one callback. */
export type RunEvent =
  | RunStartedEvent
  | RunResumedEvent
  | NodeStartedEvent
  | NodeProgressEvent
  | NodeSucceededEvent
  | NodeWarnedEvent
  | NodeFailedEvent
  | NodeRetryingEvent
  | NodeSkippedEvent
  | RunFinishedEvent;

/** An event before the executor stamps it. */
export type RunEventInput = RunEvent extends infer E ? (E extends RunEvent ? Omit<E, 'seq' | 'at'> : never) : never;
