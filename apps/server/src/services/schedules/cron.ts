import { Cron } from 'croner';
import { describeCron } from './describe-cron.ts';

/** A cron expression read in a time zone: 5 fields, or 6 with seconds first. */
export interface CronSpec {
  cron: string;
  timezone: string;
}

/** More occurrences than this in one gap are counted as "at least". */
export const OCCURRENCE_COUNT_CAP = 1_000;

export const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/** Why a cron expression or time zone cannot be used, or undefined when it can. */
export function cronProblem({ cron, timezone }: CronSpec): string | undefined {
  if (!isTimeZone(timezone)) return `"${timezone}" is not a time zone (use an IANA name such as Europe/Berlin or UTC).`;
  const fields = cron.trim().split(/\s+/).length;
  if (fields !== 5 && fields !== 6) return 'A cron expression has 5 fields (minute hour day month weekday), or 6 with seconds first.';
  try {
    if (!cronOf({ cron, timezone }).nextRun(new Date())) return 'This expression never matches a future time.';
  } catch (e) {
    return `Not a cron expression: ${(e as Error).message.replace(/^CronPattern: /, '')}.`;
  }
  return undefined;
}

// The cron library treats a restricted day-of-month OR day-of-week as either matching, as classic cron does.
const cronOf = ({ cron, timezone }: CronSpec) => new Cron(cron.trim(), { timezone, mode: '5-or-6-parts' });

/** The next `n` occurrences strictly after `after`. */
export function nextOccurrences(spec: CronSpec, after: number, n: number): number[] {
  const cron = cronOf(spec);
  const out: number[] = [];
  let at: Date | null = new Date(after);
  while (out.length < n && (at = cron.nextRun(at))) out.push(at.getTime());
  return out;
}

/** Occurrences in (after, until]: how many (capped), the first and the last. */
export function occurrencesBetween(spec: CronSpec, after: number, until: number): { count: number; capped: boolean; first?: number; last?: number } {
  const cron = cronOf(spec);
  let at: Date | null = new Date(after);
  let count = 0;
  let first: number | undefined;
  let last: number | undefined;
  while ((at = cron.nextRun(at)) && at.getTime() <= until) {
    count++;
    first ??= at.getTime();
    last = at.getTime();
    if (count >= OCCURRENCE_COUNT_CAP) {
      // Too many to walk (a seconds schedule down for days): the last one is found backwards.
      const latest = cron.previousRuns(1, new Date(until + 1))[0];
      return { count, capped: true, first, last: latest ? latest.getTime() : last };
    }
  }
  return { count, capped: false, first, last };
}

/** "every day at 02:00 Europe/Berlin" */
export const describeSchedule = (spec: CronSpec) => describeCron(spec.cron, spec.timezone);

/** The calendar day of an instant in a time zone, as YYYY-MM-DD: the as-of date of a scheduled run. */
export function dayIn(time: number, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(time));
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}
