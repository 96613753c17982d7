import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateBody, MAX_EVALUATE_ITEMS } from '@segflow/contract';
import { HttpError } from '../http/errors.ts';
import { parseWith } from '../http/parse.ts';
import { plainEvaluateBody, readEvaluateBody } from './evaluate-body.ts';

/** Values near the contract's edges: right and wrong types, extra keys, `__proto__`, bad dates and versions. */
const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(null), fc.constant([]), fc.constant({}));
const row = fc.oneof(
  { weight: 6, arbitrary: fc.dictionary(fc.constantFrom('id', 'amount', 'ts', 'tier', '__proto__', 'constructor'), anyValue, { maxKeys: 4 }) },
  { weight: 1, arbitrary: anyValue },
);
const customer = (extra: string[]) => fc.record({
  profile: row,
  events: fc.oneof(fc.array(row, { maxLength: 4 }), anyValue),
  ...Object.fromEntries(extra.map((k) => [k, anyValue])),
}, { requiredKeys: [] });
const common = {
  asOf: fc.oneof(fc.constantFrom('2024-02-29', '2023-02-29', '2024-13-01', '2024-1-01', '2024-06-30T00:00:00Z', ''), anyValue),
  version: fc.oneof(fc.constantFrom(1, 2, 0, -1, 1.5, 2 ** 53, '1'), anyValue),
};
const body = fc.oneof(
  fc.record({ ...common, items: fc.oneof(fc.array(customer(['version', 'note']), { maxLength: 4 }), anyValue) }, { requiredKeys: [] }),
  fc.record({ ...common, profile: row, events: fc.oneof(fc.array(row, { maxLength: 4 }), anyValue), note: anyValue }, { requiredKeys: [] }),
  anyValue,
);
// As a request arrives: parsed from JSON text, so `__proto__` is an own key, as JSON.parse makes it.
const asJson = (value: unknown) => JSON.parse(JSON.stringify(value) ?? 'null');

function answerOf(read: () => unknown) {
  try {
    return { ok: read() };
  } catch (e) {
    if (!(e instanceof HttpError)) throw e;
    return { status: e.status, message: e.message, details: e.details };
  }
}

describe('reading an evaluate body without zod', () => {
  it('accepts only what the contract accepts, as the contract reads it, and refuses with the contract’s own words', () => {
    fc.assert(fc.property(body, (generated) => {
      const value = asJson(generated);
      const plain = plainEvaluateBody(value);
      const zod = evaluateBody.safeParse(value);
      if (plain !== undefined) {
        expect(zod.success).toBe(true);
        expect(plain).toEqual(zod.data);
      }
      expect(answerOf(() => readEvaluateBody(value))).toEqual(answerOf(() => parseWith(evaluateBody, value, 'body')));
    }), { numRuns: 3000 });
  });

  it('takes the bodies sites send without zod: one customer, many, with a date and a version', () => {
    const one = { profile: { id: 1, tier: 'gold' }, events: [{ ts: '2024-06-01T10:00:00Z', amount: 3 }] };
    for (const value of [one, { profile: {} }, { ...one, asOf: '2024-06-30', version: 2 }, { items: [one, { profile: { id: 2 } }] },
      { items: Array.from({ length: MAX_EVALUATE_ITEMS }, () => one), asOf: '2024-02-29' }])
      expect(plainEvaluateBody(asJson(value))).toEqual(value);
    for (const value of [{ items: [] }, { items: [{ ...one, note: 1 }] }, { ...one, asOf: '2023-02-29' }, { ...one, version: 0 }, { profile: [] }, JSON.parse('{"profile":{"__proto__":1}}')])
      expect(plainEvaluateBody(value)).toBeUndefined();
  });
});
