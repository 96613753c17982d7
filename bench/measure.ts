import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Summary of repeated timings: the median is the figure, min and max show the spread. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  p95: number;
  runs: number;
}

/** Nearest-rank percentile (p in 0..100) of the samples. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function summarize(samples: readonly number[]): Summary {
  if (!samples.length) throw new Error('no samples');
  return {
    median: percentile(samples, 50),
    min: Math.min(...samples),
    max: Math.max(...samples),
    p95: percentile(samples, 95),
    runs: samples.length,
  };
}

/** Wall time of `work` in milliseconds, with its result. */
export async function timed<T>(work: () => Promise<T> | T): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { ms: performance.now() - started, result };
}

const MB = 1024 * 1024;

/** A full collection of this process's heap, as node --expose-gc offers it, without that flag on every bench command. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/**
 * Peak resident memory of this process while a section runs, sampled every
 * 20 ms (the event loop is free while DuckDB works, so the samples keep
 * coming). It is the whole process: what earlier sections still hold counts
 * too. What they dropped does not: a full garbage collection runs first, or
 * the keys of a million customers that an earlier check read (150 MB of this
 * process's heap, unreachable but not yet collected) counted in the peak.
 */
export function trackPeakRss(): () => number {
  collectGarbage();
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  return () => {
    clearInterval(timer);
    return Math.max(peak, process.memoryUsage.rss()) / MB;
  };
}

/** Median of each key's samples. */
export function medianByKey(samples: readonly Record<string, number>[]): Record<string, number> {
  const keys = [...new Set(samples.flatMap((s) => Object.keys(s)))];
  return Object.fromEntries(keys.map((k) => [k, percentile(samples.map((s) => s[k] ?? 0), 50)]));
}

/** Progress on stderr: what runs now, never a figure (figures wait for the segment check). */
export const progress = (message: string) => process.stderr.write(`· ${message}\n`);
