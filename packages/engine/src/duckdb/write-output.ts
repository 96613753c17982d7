import { error, warning, type Problem } from '../model/problem.ts';
import type { OutputConfig } from '../nodes/output.node.ts';

/** COPY options per file type; json is one object per line. */
export function copyOptions(type: OutputConfig['destination']['type']): string {
  if (type === 'parquet') return 'FORMAT parquet';
  if (type === 'json') return 'FORMAT json';
  return 'FORMAT csv, HEADER';
}

/**
 * A segment outside its expected size range warns; with `enforce` it fails and
 * nothing is delivered.
 */
export function checkSegmentSize(nodeId: string, config: OutputConfig, rows: number): { problems: Problem[]; enforced: boolean } {
  const { min, max, enforce } = config.expect ?? {};
  const low = min !== undefined && rows < min;
  const high = max !== undefined && rows > max;
  if (!low && !high) return { problems: [], enforced: false };
  const range = `${min ?? 0}–${max ?? '∞'}`;
  const message = `Segment "${config.segment}" has ${rows} customers, outside the expected ${range}${enforce ? ': nothing was delivered' : ''}.`;
  return { problems: [(enforce ? error : warning)('segment_size', message, { nodeId })], enforced: Boolean(enforce) };
}
