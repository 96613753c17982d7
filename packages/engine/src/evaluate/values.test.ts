import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyIsoTimestamp, daysFromCivil, parseDate, parseTimestamp, plainUtcTimestamp } from './values.ts';

/** The rule as first written: whatever Date.UTC makes of the parts must read back as the same day. */
function dateByRoundTrip(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const back = new Date(Date.UTC(y, mo - 1, d));
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d ? back.getTime() : undefined;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const day = fc.tuple(
  fc.oneof(fc.integer({ min: 0, max: 9999 }), fc.constantFrom(0, 50, 99, 100, 1900, 2000, 2023, 2024, 2100)),
  fc.integer({ min: 0, max: 13 }),
  fc.integer({ min: 0, max: 32 }),
).map(([y, mo, d]) => `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}`);

describe('reading dates and timestamps', () => {
  it('takes a date exactly when Date reads it back as the same calendar day', () => {
    fc.assert(fc.property(day, (text) => { expect(parseDate(text)).toBe(dateByRoundTrip(text)); }), { numRuns: 20_000 });
    for (const text of ['2024-02-29', '2023-02-29', '2100-02-29', '2000-02-29', '0099-12-31', '0100-01-01', '2024-04-31', '2024-00-10'])
      expect(parseDate(text)).toBe(dateByRoundTrip(text));
  });

  it('takes a timestamp on the same days, with its time and zone', () => {
    const time = fc.tuple(fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 }), fc.integer({ min: 0, max: 61 }), fc.constantFrom('', '.5', '.123456789'), fc.constantFrom('', 'Z', 'z', '+02:00', '-0530', '+01'));
    fc.assert(fc.property(day, time, fc.constantFrom('T', 't', ' '), (date, [h, min, s, fraction, zone], sep) => {
      const text = `${date}${sep}${pad(h, 2)}:${pad(min, 2)}:${pad(s, 2)}${fraction}${zone}`;
      const expected = dateByRoundTrip(date) === undefined || h > 23 || min > 59 || s > 59 ? undefined : new Date(`${date}T${pad(h, 2)}:${pad(min, 2)}:${pad(s, 2)}${fraction.slice(0, 4)}${/^[+-]\d{2}$/.test(zone) ? `${zone}:00` : zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2') || 'Z'}`).getTime();
      expect(parseTimestamp(text)).toBe(expected);
    }), { numRuns: 20_000 });
    expect(parseTimestamp('2024-06-30')).toBe(Date.UTC(2024, 5, 30));
  });

  it('reads the forms JavaScript writes (with and without milliseconds) without the regular expression, as the expression does', () => {
    const time = fc.tuple(fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 }), fc.integer({ min: 0, max: 61 }), fc.constantFrom('', '.000', '.5', '.123', '.999', '.12', '.1234', ',123', '.12x'), fc.constantFrom('Z', 'z', '', '+02:00'));
    fc.assert(fc.property(day, time, fc.constantFrom('T', 't', ' '), (date, [h, min, s, fraction, zone], sep) => {
      const text = `${date}${sep}${pad(h, 2)}:${pad(min, 2)}:${pad(s, 2)}${fraction}${zone}`;
      const plain = plainUtcTimestamp(text);
      if (plain !== undefined) expect(plain).toBe(anyIsoTimestamp(text));
      expect(parseTimestamp(text)).toBe(anyIsoTimestamp(text));
    }), { numRuns: 20_000 });
    for (let ms = 0; ms < 1000; ms++) {
      const text = new Date(Date.UTC(2024, 1, 29, 23, 59, 59, ms)).toISOString();
      expect(plainUtcTimestamp(text)).toBe(Date.UTC(2024, 1, 29, 23, 59, 59, ms));
    }
  });

  it('counts days from 1970 by arithmetic exactly as Date.UTC does, for every calendar day of years 100 to 9999', () => {
    const wrong: string[] = [];
    for (let y = 100; y <= 9999; y++)
      for (let mo = 1; mo <= 12; mo++) {
        const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
        for (let d = 1; d <= last; d++) if (daysFromCivil(y, mo, d) * 86_400_000 !== Date.UTC(y, mo - 1, d)) wrong.push(`${y}-${mo}-${d}`);
      }
    expect(wrong.slice(0, 5)).toEqual([]);
  });
});
