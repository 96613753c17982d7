const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });
const ungrouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6, useGrouping: false });
const tinyGrouped = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 6 });
const tinyUngrouped = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 6, useGrouping: false });

/**
 * A number as a person writes it: 100,000,000,000,000,000,000,000,000 rather
 * than 1e+26, 0.0000001 rather than 1e-7, at most 6 decimals. The one number
 * formatter of every screen and message. `grouping: false` where commas would
 * mix with a list's ("in 1000, 2000").
 */
export function plainNumber(value: number | bigint, { grouping = true } = {}): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? 'not a number' : value > 0 ? 'infinity' : 'minus infinity';
  const tiny = typeof value === 'number' && value !== 0 && Math.abs(value) < 1e-6;
  const format = tiny ? (grouping ? tinyGrouped : tinyUngrouped) : grouping ? grouped : ungrouped;
  return format.format(value);
}
