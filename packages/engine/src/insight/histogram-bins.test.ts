import { describe, expect, it } from 'vitest';
import { histogramBins, roundWidth } from './histogram-bins.ts';
import { regionMasks } from './overlap.ts';

describe('histogram bars', () => {
  it('picks a width of 1, 2 or 5 times a power of ten', () => {
    expect(roundWidth(1000, 20, false)).toBe(50);
    expect(roundWidth(0.9, 20, false)).toBeCloseTo(0.05);
    expect(roundWidth(30, 20, false)).toBe(2);
    expect(roundWidth(3, 20, true)).toBe(1);
  });

  it('starts at a round edge below the smallest value and reaches the largest', () => {
    const bars = histogramBins(37, 1012, { bins: 20, whole: false });
    expect(bars.start).toBe(0);
    expect(bars.width).toBe(50);
    const edges = bars.bins('number');
    expect(edges[0]).toEqual({ from: 0, to: 50 });
    expect(Number(edges.at(-1)!.to)).toBeGreaterThan(1012);
  });

  it('has one bar when every value is the same', () => {
    expect(histogramBins(5, 5, { bins: 20, whole: true }).count).toBe(1);
  });

  it('writes date edges as days', () => {
    const days = Date.UTC(2025, 0, 1) / 86_400_000;
    const edges = histogramBins(days, days + 365, { bins: 20, whole: true }).bins('date');
    expect(edges[0].from).toMatch(/^2024-12-\d\d$|^2025-01-01$/);
    expect(edges.at(-1)!.to >= '2026-01-01').toBe(true);
  });
});

describe('overlap regions', () => {
  it('lists every combination of three sets, single sets first', () => {
    expect(regionMasks(3)).toEqual([1, 2, 4, 3, 5, 6, 7]);
  });
});
