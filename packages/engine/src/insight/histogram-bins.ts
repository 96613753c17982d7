import { isTemporal, type ColumnType } from '../model/column.ts';
import type { HistogramBin } from './insight-result.ts';

/** A round bar width: 1, 2 or 5 times a power of ten, at least `span / bins`. */
export function roundWidth(span: number, bins: number, whole: boolean): number {
  const raw = span / bins;
  if (raw <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const width = [1, 2, 5, 10].map((m) => m * power).find((w) => w >= raw * (1 - 1e-9)) ?? 10 * power;
  return whole ? Math.max(1, Math.ceil(width)) : width;
}

const DAY_MS = 86_400_000;
const asDate = (days: number) => new Date(Math.round(days) * DAY_MS).toISOString().slice(0, 10);

/**
 * Bars of round width covering `lo`..`hi`: the first starts at a multiple of
 * the width at or below `lo`, the last holds `hi` (so one bar when lo = hi).
 * `whole`: values are whole numbers (integers, days), so widths are too.
 */
export function histogramBins(lo: number, hi: number, options: { bins: number; whole: boolean }) {
  const width = roundWidth(hi - lo, options.bins, options.whole);
  const start = Math.floor(lo / width) * width;
  const count = Math.max(1, Math.min(options.bins + 1, Math.floor((hi - start) / width) + 1));
  return {
    start,
    width,
    count,
    bins(type: ColumnType): Omit<HistogramBin, 'count'>[] {
      const edge = (i: number) => (isTemporal(type) ? asDate(start + i * width) : Number((start + i * width).toPrecision(12)));
      return Array.from({ length: count }, (_, i) => ({ from: edge(i), to: edge(i + 1) }));
    },
  };
}
