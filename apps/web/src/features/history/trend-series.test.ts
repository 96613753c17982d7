import { describe, expect, it } from 'vitest';
import type { HistoryRun } from '../../api/history.queries.ts';
import { describeRange, trendSeries } from './trend-series.ts';

const run = (id: string, size: number | undefined, expect: HistoryRun['expect'] = {}, asOf = '2024-01-01'): HistoryRun => ({
  id, version: 1, trigger: 'manual', scheduleId: null, status: 'succeeded', mode: 'hybrid', partitions: 2, asOf,
  createdAt: '', startedAt: null, finishedAt: null, ms: 10, note: null, retryable: false, segments: size === undefined ? {} : { a: size }, expect, alerts: 0, changes: {},
});

describe('trend series', () => {
  it('marks each run outside the range it was held to, and leaves room for the band', () => {
    const output = { nodeId: 'o', segment: 'a', label: 'A', expect: { min: 10, max: 50 }, maxChangePct: null };
    const { points, top } = trendSeries(output, [run('r1', 20), run('r2', 80, { a: { max: 100 } }), run('r3', 5), run('r4', undefined)]);
    expect(points.map((p) => [p.size, p.outside])).toEqual([[20, false], [80, false], [5, true], [null, false]]);
    expect(top).toBe(88);
  });

  it('places each run at the day it computed the segment as of', () => {
    const output = { nodeId: 'o', segment: 'a', label: 'A', expect: null, maxChangePct: null };
    const { points } = trendSeries(output, [run('r1', 20, {}, '2025-11-30'), run('r2', 25, {}, '2025-12-31')]);
    expect(points.map((p) => p.label)).toEqual(['30 Nov 2025', '31 Dec 2025']);
  });

  it('says a range in words', () => {
    const f = (n: number) => String(n);
    expect(describeRange({ min: 1, max: 2 }, f)).toBe('expected 1–2');
    expect(describeRange({ min: 1 }, f)).toBe('expected at least 1');
    expect(describeRange(null, f)).toBe('');
  });
});
