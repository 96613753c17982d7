import { describe, expect, it } from 'vitest';
import { RecentValues } from './recent-values.ts';

describe('RecentValues', () => {
  it('keeps the most recent values and never more than its maximum', () => {
    const recent = new RecentValues<string, number>(100);
    for (let i = 0; i < 1000; i++) {
      recent.set(`k${i}`, i);
      expect(recent.size).toBeLessThanOrEqual(100);
    }
    for (let i = 950; i < 1000; i++) expect(recent.get(`k${i}`)).toBe(i);
    expect(recent.get('k0')).toBeUndefined();
  });

  it('keeps a value that is read, however many values come after it', () => {
    const recent = new RecentValues<string, string>(10);
    recent.set('kept', 'yes');
    for (let i = 0; i < 100; i++) {
      expect(recent.get('kept')).toBe('yes');
      recent.set(`k${i}`, 'other');
    }
  });

  it('keeps a value that is undefined like any other', () => {
    const recent = new RecentValues<string, undefined | number>(10);
    recent.set('nothing', undefined);
    for (let i = 0; i < 4; i++) recent.set(`k${i}`, i); // the young generation is full: all five are the old one now
    expect(recent.get('nothing')).toBeUndefined();
    expect(recent.size).toBe(5); // moved to the young generation, not lost nor counted twice
    for (let i = 0; i < 4; i++) expect(recent.get(`k${i}`)).toBe(i);
  });
});
