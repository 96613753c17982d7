/** How often a schedule runs, as a marketer chooses it; `custom` keeps a cron expression for the rest. */
export type Every = 'day' | 'weekday' | 'week' | 'hour' | 'custom';

export interface Rhythm {
  every: Every;
  /** "06:00": the time of day of daily and weekly runs. */
  time: string;
  /** 0 = Sunday … 6 = Saturday, as cron counts. */
  weekday: number;
  /** The expression itself, for `custom`. */
  cron: string;
}

export const EVERY_CHOICES: { every: Every; label: string }[] = [
  { every: 'day', label: 'Every day' },
  { every: 'weekday', label: 'Every weekday (Monday to Friday)' },
  { every: 'week', label: 'Every week' },
  { every: 'hour', label: 'Every hour' },
  { every: 'custom', label: 'Custom (cron expression)' },
];

export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export const DEFAULT_RHYTHM: Rhythm = { every: 'day', time: '06:00', weekday: 1, cron: '0 6 * * *' };

const hourMinute = (time: string): [number, number] => {
  const m = /^(\d{1,2}):(\d{2})$/.exec(time);
  if (!m) return [0, 0];
  return [Math.min(23, Number(m[1])), Math.min(59, Number(m[2]))];
};

/** The cron expression a rhythm stands for: "Every Monday at 09:00" → `0 9 * * 1`. */
export function cronOf(r: Rhythm): string {
  const [hour, minute] = hourMinute(r.time);
  switch (r.every) {
    case 'day':
      return `${minute} ${hour} * * *`;
    case 'weekday':
      return `${minute} ${hour} * * 1-5`;
    case 'week':
      return `${minute} ${hour} * * ${r.weekday}`;
    case 'hour':
      return '0 * * * *';
    case 'custom':
      return r.cron.trim();
  }
}

const pad = (n: string) => n.padStart(2, '0');

/**
 * The rhythm a cron expression is, when it is one of the worded ones; otherwise
 * a custom rhythm keeping the expression (an edited schedule opens as it was).
 */
export function rhythmOf(cron: string): Rhythm {
  const base = { ...DEFAULT_RHYTHM, cron };
  const parts = cron.trim().split(/\s+/);
  if (parts.length !== 5) return { ...base, every: 'custom' };
  const [minute, hour, dom, month, dow] = parts;
  if (cron.trim() === '0 * * * *') return { ...base, every: 'hour' };
  const plain = /^\d{1,2}$/;
  if (!plain.test(minute) || !plain.test(hour) || dom !== '*' || month !== '*' || Number(hour) > 23 || Number(minute) > 59) return { ...base, every: 'custom' };
  const time = `${pad(hour)}:${pad(minute)}`;
  if (dow === '*') return { ...base, every: 'day', time };
  if (dow === '1-5') return { ...base, every: 'weekday', time };
  if (/^[0-6]$/.test(dow)) return { ...base, every: 'week', time, weekday: Number(dow) };
  return { ...base, every: 'custom' };
}
