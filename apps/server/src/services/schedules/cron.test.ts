import { describe, expect, it } from 'vitest';
import { cronProblem, dayIn, nextOccurrences, occurrencesBetween, OCCURRENCE_COUNT_CAP } from './cron.ts';
import { describeCron } from './describe-cron.ts';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('cron schedules', () => {
  it('says common shapes in plain words, with the time zone where it matters', () => {
    expect(describeCron('0 2 * * *', 'Europe/Berlin')).toBe('every day at 02:00 Europe/Berlin');
    expect(describeCron('30 9 * * 1', 'UTC')).toBe('every Monday at 09:30 UTC');
    expect(describeCron('0 7 * * 1-5', 'UTC')).toBe('every weekday at 07:00 UTC');
    expect(describeCron('0 6 1 * *', 'UTC')).toBe('on day 1 of every month at 06:00 UTC');
    expect(describeCron('*/15 * * * *', 'UTC')).toBe('every 15 minutes');
    expect(describeCron('*/2 * * * * *', 'UTC')).toBe('every 2 seconds');
    expect(describeCron('0 */6 * * *', 'UTC')).toBe('every 6 hours UTC');
    expect(describeCron('15 14 1-7 * 1', 'UTC')).toMatch(/^at 14:15.*\(UTC\)$/);
  });

  it('reads the expression in its time zone, across a daylight-saving change', () => {
    // 02:00 does not exist in Berlin on 31 March 2024: the run moves to the first time after the gap.
    expect(nextOccurrences({ cron: '0 2 * * *', timezone: 'Europe/Berlin' }, at('2024-03-29T12:00:00Z'), 3).map(iso)).toEqual([
      '2024-03-30T01:00:00.000Z', '2024-03-31T01:00:00.000Z', '2024-04-01T00:00:00.000Z',
    ]);
    expect(dayIn(at('2024-03-30T23:30:00Z'), 'Europe/Berlin')).toBe('2024-03-31');
    expect(dayIn(at('2024-03-30T23:30:00Z'), 'UTC')).toBe('2024-03-30');
  });

  it('counts the occurrences in a gap, and caps a huge one', () => {
    const everyMinute = { cron: '* * * * *', timezone: 'UTC' };
    expect(occurrencesBetween(everyMinute, at('2024-01-01T00:00:00Z'), at('2024-01-01T00:10:00Z'))).toEqual({
      count: 10, capped: false, first: at('2024-01-01T00:01:00Z'), last: at('2024-01-01T00:10:00Z'),
    });
    expect(occurrencesBetween(everyMinute, at('2024-01-01T00:00:00Z'), at('2024-01-01T00:00:59Z')).count).toBe(0);
    const huge = occurrencesBetween({ cron: '* * * * * *', timezone: 'UTC' }, at('2024-01-01T00:00:00Z'), at('2024-01-02T00:00:00Z'));
    expect(huge).toMatchObject({ count: OCCURRENCE_COUNT_CAP, capped: true, last: at('2024-01-02T00:00:00Z') });
  });

  it('explains an expression or a time zone it cannot use', () => {
    expect(cronProblem({ cron: '0 2 * * *', timezone: 'Europe/Berlin' })).toBeUndefined();
    expect(cronProblem({ cron: '0 2 * * *', timezone: 'Mars/Base' })).toMatch(/not a time zone/);
    expect(cronProblem({ cron: '0 25 * * *', timezone: 'UTC' })).toMatch(/hour/);
    expect(cronProblem({ cron: 'every day', timezone: 'UTC' })).toMatch(/5 fields/);
  });
});
