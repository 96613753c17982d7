import { describe, expect, it } from 'vitest';
import { principalCache, TRUST_MS } from './principal-cache.ts';

describe('principalCache', () => {
  it('trusts a credential only while the file is unchanged, for a moment, and never past its expiry', () => {
    let mark = 'a';
    let now = 1_000_000;
    let reads = 0;
    const cache = principalCache<string>(() => mark, () => now);
    const erin = () => (reads++, { principal: 'erin' });
    expect(cache.get('token:x', erin)).toBe('erin');
    expect(cache.get('token:x', erin)).toBe('erin');
    expect(reads).toBe(1);
    mark = 'b';
    expect(cache.get('token:x', erin)).toBe('erin');
    expect(reads).toBe(2);

    now += TRUST_MS;
    expect(cache.get('token:x', erin)).toBe('erin');
    expect(reads).toBe(3);

    const sam = () => (reads++, { principal: 'sam', expiresAt: now + 10 });
    cache.get('token:y', sam);
    now += 10;
    cache.get('token:y', sam);
    expect(reads).toBe(5);
    expect(cache.get('token:z', () => undefined)).toBeUndefined();
  });

  it('keeps the mark taken before reading: a revocation committed while reading is seen by the next request', () => {
    let mark = 'a';
    const cache = principalCache<string>(() => mark, () => 0);
    // Another process revokes the token between the lookup and the end of the read.
    expect(cache.get('token:x', () => ((mark = 'b'), { principal: 'erin' }))).toBe('erin');
    expect(cache.get('token:x', () => undefined)).toBeUndefined();
  });
});
