import { plainNumber } from '@segflow/engine';

/** Days are written one way on every screen: "31 Dec 2025". */
const DAY: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' };

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Any number on any screen: 1,234.5, never 1e+26 (the engine's formatter, so messages and screens agree). */
export const formatNumber = (value: number | bigint) => plainNumber(value);

/** 12,345 — or ≈12,300 for an estimate, rounded to what the sample can tell. */
export function formatCount(rows: number, exact = true): string {
  if (exact) return integer.format(rows);
  const digits = Math.max(0, Math.floor(Math.log10(Math.max(1, rows))) - 2);
  const step = 10 ** Math.min(digits, 3);
  return `≈${integer.format(Math.round(rows / step) * step)}`;
}

/** 850 ms, 4.2 s, 3 min 05 s. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')} s`;
}

export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return '—';
  const units = ['B', 'KB', 'MB', 'GB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(u === 0 || v >= 10 ? 0 : 1)} ${units[u]}`;
}

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "3 minutes ago", "yesterday"; the exact time goes in a title attribute. */
export function formatWhen(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '—';
  const seconds = Math.round((t - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return 'just now';
  if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return relative.format(Math.round(seconds / 3600), 'hour');
  if (abs < 30 * 86_400) return relative.format(Math.round(seconds / 86_400), 'day');
  return new Date(t).toLocaleDateString('en-GB', DAY);
}

/** "31 Dec 2025, 14:03": the one way a moment is written (the day as formatDay writes it, then the time). */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return '';
  return `${t.toLocaleDateString('en-GB', DAY)}, ${t.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}`;
}

/** "31 Dec 2025" for a YYYY-MM-DD day, read as that calendar day wherever the browser is. */
export function formatDay(day: string | undefined): string {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return '—';
  return new Date(`${day}T00:00:00Z`).toLocaleDateString('en-GB', { ...DAY, timeZone: 'UTC' });
}
