import type { ExpectedRange, HistoryOutput, HistoryRun } from '../../api/history.queries.ts';
import { formatDay } from '../../app/format.ts';

/** One point per run: its size of the segment (null where the run made none). */
export interface TrendPoint {
  runId: string;
  /** "31 Dec 2025": the day the run computed the segment as of, the chart's x-axis. */
  label: string;
  size: number | null;
  outside: boolean;
  run: HistoryRun;
}

export const outsideRange = (size: number, range: ExpectedRange | null | undefined) =>
  !!range && ((range.min !== undefined && size < range.min) || (range.max !== undefined && size > range.max));

/** The series of one segment, and the y-range that shows both the points and the expected band. */
export function trendSeries(output: HistoryOutput, runs: HistoryRun[]): { points: TrendPoint[]; top: number } {
  const points = runs.map((run) => {
    const size = run.segments[output.segment] ?? null;
    // Each run is judged by the range it was held to; runs without one by today's.
    const range = run.expect[output.segment] ?? output.expect;
    return { runId: run.id, label: formatDay(run.asOf), size, outside: size !== null && outsideRange(size, range), run };
  });
  const highest = Math.max(0, ...points.map((p) => p.size ?? 0), output.expect?.max ?? 0, output.expect?.min ?? 0);
  return { points, top: Math.ceil(highest * 1.1) || 1 };
}

/** "expected 1,000–5,000", "expected at least 100"; '' without a range. */
export function describeRange(range: ExpectedRange | null, format: (n: number) => string): string {
  if (!range) return '';
  if (range.min !== undefined && range.max !== undefined) return `expected ${format(range.min)}–${format(range.max)}`;
  if (range.min !== undefined) return `expected at least ${format(range.min)}`;
  if (range.max !== undefined) return `expected at most ${format(range.max)}`;
  return '';
}
