import { describe, expect, it } from 'vitest';
import { cronOf, DEFAULT_RHYTHM, rhythmOf } from './schedule-rhythm.ts';

describe('schedule rhythms in words', () => {
  it('turns each worded choice into its cron expression', () => {
    expect(cronOf({ ...DEFAULT_RHYTHM, every: 'day', time: '06:00' })).toBe('0 6 * * *');
    expect(cronOf({ ...DEFAULT_RHYTHM, every: 'weekday', time: '07:30' })).toBe('30 7 * * 1-5');
    expect(cronOf({ ...DEFAULT_RHYTHM, every: 'week', time: '09:00', weekday: 1 })).toBe('0 9 * * 1');
    expect(cronOf({ ...DEFAULT_RHYTHM, every: 'hour' })).toBe('0 * * * *');
    expect(cronOf({ ...DEFAULT_RHYTHM, every: 'custom', cron: ' */15 * * * * ' })).toBe('*/15 * * * *');
  });

  it('reads a cron expression back as words when it is one of them, else keeps it as custom', () => {
    expect(rhythmOf('0 6 * * *')).toMatchObject({ every: 'day', time: '06:00' });
    expect(rhythmOf('30 7 * * 1-5')).toMatchObject({ every: 'weekday', time: '07:30' });
    expect(rhythmOf('0 9 * * 1')).toMatchObject({ every: 'week', time: '09:00', weekday: 1 });
    expect(rhythmOf('0 * * * *')).toMatchObject({ every: 'hour' });
    expect(rhythmOf('*/15 * * * *')).toMatchObject({ every: 'custom', cron: '*/15 * * * *' });
    expect(rhythmOf('0 6 1 * *')).toMatchObject({ every: 'custom' });
  });

  it('goes round trip for every worded rhythm', () => {
    for (const cron of ['5 2 * * *', '0 23 * * 1-5', '45 6 * * 0', '0 * * * *']) expect(cronOf(rhythmOf(cron))).toBe(cron);
  });
});
