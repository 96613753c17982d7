import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactSum } from './aggregate.ts';

/** The batch engine's DECIMAL(38, 9) sum done the plain way: every value in BigInt billionths. */
function sumInBigInt(values: number[]): number {
  let total = 0n;
  for (const v of values) total += BigInt(Math.sign(v) * Math.round(Math.abs(v) * 1e9));
  return Number(total) / 1e9;
}

describe('summing amounts exactly', () => {
  it('gives the BigInt sum for any amounts, small, fractional, negative or past 2^53 billionths', () => {
    const amount = fc.oneof(
      fc.double({ min: -1e4, max: 1e4, noNaN: true }),
      fc.integer({ min: -1000, max: 1000 }).map((n) => n / 100),
      fc.double({ min: -1e12, max: 1e12, noNaN: true }),
      fc.constantFrom(9_007_199.254740991, -9_007_199.254740991, 0.1, 0.2, -0, 1e-10),
    );
    fc.assert(fc.property(fc.array(amount, { maxLength: 40 }), (values) => {
      expect(Object.is(exactSum(values), sumInBigInt(values))).toBe(true);
    }), { numRuns: 5000 });
  });

  it('crosses from doubles to BigInt at the edge of exact doubles without losing a billionth', () => {
    const values = [9_007_199.254740991, 0.000000001, 0.000000001, -0.000000003, 123.456];
    expect(exactSum(values)).toBe(sumInBigInt(values));
  });
});
