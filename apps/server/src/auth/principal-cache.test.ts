import { describe, expect, it } from 'vitest';
import { principalCache, TRUST_MS } from './principal-cache.ts';

describe('principalCache', () => {
  it('trusts a credential only while the file is unchanged, for a moment, and never past its expiry', () => {
    let mark = 'a';
    let now = 1_000_000;
    const cache = principalCache<string>(() => mark, () => now);
    cache.set('token:x', 'erin');
    expect(cache.get('token:x')).toBe('erin');
    mark = 'b';
    expect(cache.get('token:x')).toBeUndefined();

    cache.set('token:x', 'erin');
    now += TRUST_MS;
    expect(cache.get('token:x')).toBeUndefined();

    cache.set('token:y', 'sam', now + 10);
    now += 10;
    expect(cache.get('token:y')).toBeUndefined();
  });
});
