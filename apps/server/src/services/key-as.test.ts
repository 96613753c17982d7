import { describe, expect, it } from 'vitest';
import { keyAs } from './evaluate-service.ts';

describe('a looked-up key as its column holds it', () => {
  it('finds nobody for what cannot be a number key, and keeps 64-bit ids exact', () => {
    expect(keyAs('ann@example.com', 'integer')).toBeUndefined();
    expect(keyAs('1e2', 'integer')).toBeUndefined();
    expect(keyAs('0x1A', 'integer')).toBeUndefined();
    expect(keyAs(' 72 ', 'integer')).toBe(72);
    expect(keyAs('9007199254740993', 'integer')).toBe('9007199254740993');
    expect(keyAs('2.5', 'number')).toBe(2.5);
    expect(keyAs('abc', 'number')).toBeUndefined();
    expect(keyAs(' A-12 ', 'string')).toBe(' A-12 ');
    expect(keyAs(12, undefined)).toBe('12');
  });
});
