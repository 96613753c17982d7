import { expect, it } from 'vitest';
import { abortableSleep, backoffMs, BACKOFF_CAP_MS, retryAfterMs, RETRY_AFTER_CAP_MS } from './retry.ts';

it('backs off exponentially with jitter, up to a cap', () => {
  expect([1, 2, 3].map((n) => backoffMs(n, () => 0))).toEqual([250, 500, 1000]);
  expect([1, 2, 3].map((n) => backoffMs(n, () => 1))).toEqual([500, 1000, 2000]);
  expect(backoffMs(30, () => 1)).toBe(BACKOFF_CAP_MS);
});

it('reads Retry-After as seconds or an HTTP date, capped', () => {
  const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
  expect(retryAfterMs('2')).toBe(2000);
  expect(retryAfterMs('0.25')).toBe(250);
  expect(retryAfterMs('Wed, 21 Oct 2015 07:28:03 GMT', now)).toBe(3000);
  expect(retryAfterMs('Wed, 21 Oct 2015 07:27:00 GMT', now)).toBe(0);
  expect(retryAfterMs('86400')).toBe(RETRY_AFTER_CAP_MS);
  expect(retryAfterMs('soon')).toBeUndefined();
  expect(retryAfterMs(undefined)).toBeUndefined();
});

it('stops sleeping when the run is cancelled', async () => {
  const controller = new AbortController();
  const sleeping = abortableSleep(60_000, controller.signal);
  controller.abort(new Error('cancelled'));
  await expect(sleeping).rejects.toThrow('cancelled');
});
