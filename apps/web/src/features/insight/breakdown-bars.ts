import type { Breakdown } from '../../api/insight.queries.ts';

/** One bar of a breakdown chart, labelled for a person. */
export interface Bar {
  label: string;
  count: number;
  /** "Other values" and "No value" bars are drawn apart from the real values. */
  extra?: boolean;
}

const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

function edge(value: number | string): string {
  return typeof value === 'number' ? number.format(value) : value;
}

/** A histogram bar's range: "300 – 350", or dates "2025-01-01 – 2025-02-01". */
export function binLabel(from: number | string, to: number | string, wholeNumbers: boolean): string {
  if (wholeNumbers && typeof from === 'number' && typeof to === 'number' && to - from === 1) return edge(from);
  return `${edge(from)} – ${edge(to)}`;
}

const valueLabel = (value: string | boolean) => (value === true ? 'Yes' : value === false ? 'No' : value === '' ? '(blank)' : value);

/** The bars to draw for a breakdown: values or ranges, then what is left (other values, no value). */
export function breakdownBars(result: Breakdown): Bar[] {
  const bars: Bar[] =
    result.kind === 'values'
      ? result.values.map((v) => ({ label: valueLabel(v.value), count: v.count }))
      : result.bins.map((b) => ({ label: binLabel(b.from, b.to, result.type === 'integer'), count: b.count }));
  if (result.kind === 'values' && result.others > 0) bars.push({ label: 'Other values', count: result.others, extra: true });
  if (result.empty > 0) bars.push({ label: 'No value', count: result.empty, extra: true });
  return bars;
}
