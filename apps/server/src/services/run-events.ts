import { isAbsolute, relative, sep } from 'node:path';
import type { Problem, RunEvent, RunState, RunStatus, SegmentResult } from '@segflow/engine/node';
import { withoutDataDir } from '../http/hide-data-dir.ts';
import { isDiskFull, isOutOfMemory } from './memory/busy.ts';

export type Finished = Exclude<RunStatus, 'queued' | 'running'>;

type Unnumbered<E> = E extends RunEvent ? Omit<E, 'seq'> : never;

/** The first few errors, for a run's note. */
export const summarize = (problems: Problem[]) =>
  problems.filter((p) => p.severity === 'error').slice(0, 3).map((p) => `${p.nodeId ? `${p.nodeId}: ` : ''}${p.message}`).join(' ');

/**
 * The events that end a run the engine did not finish: nodes left running fail,
 * nodes not started are skipped, then the run-finished its readers wait for.
 */
export function closingEvents(state: RunState, status: Finished, note: string, at = new Date().toISOString()): Unnumbered<RunEvent>[] {
  const events: Unnumbered<RunEvent>[] = [];
  for (const [nodeId, node] of Object.entries(state.nodes)) {
    if (node.status === 'running' || node.status === 'retrying') events.push({ type: 'node-failed', nodeId, at, ms: 0, error: note });
    else if (node.status === 'pending') events.push({ type: 'node-skipped', nodeId, at, reason: note });
  }
  const segments = state.segments;
  events.push({ type: 'run-finished', at, status, segments, ms: 0 });
  return events;
}

/**
 * Segment paths and messages relative to the data directory: the API never shows
 * where the server keeps its files.
 */
export function publicEvent(event: RunEvent, root: string): RunEvent {
  // Only file paths: a remote delivery reports `webhook:host` or `postgres:table`.
  const rel = (s: SegmentResult) => ({ ...s, path: isAbsolute(s.path) ? relative(root, s.path).split(sep).join('/') : s.path });
  if (event.type === 'run-finished')
    return { ...event, segments: Object.fromEntries(Object.entries(event.segments).map(([name, s]) => [name, rel(s)])) };
  if (event.type === 'node-failed' || event.type === 'node-retrying') return withoutDataDir({ ...event, error: plainShortage(event.error) }, root);
  const delivered = (event.type === 'node-succeeded' || event.type === 'node-warned') && event.segment;
  return withoutDataDir(delivered ? { ...event, segment: { ...event.segment!, ...rel(event.segment!) } } : event, root);
}

/** DuckDB's text for a machine that ran short says nothing a marketer can act on; this does. */
export function plainShortage(error: string): string {
  if (isOutOfMemory(error)) return 'This step needed more memory than Segflow may use while other previews and runs were computing. Retry the run in a moment; if it keeps failing, give Segflow more memory (SEGFLOW_MEMORY_LIMIT).';
  if (isDiskFull(error)) return 'The disk where Segflow keeps its data is full: free some space, then retry the run.';
  return error;
}
