import { describe, expect, it } from 'vitest';
import { generatePassword } from './roles.ts';

describe('generatePassword', () => {
  it('makes 18 characters from an alphabet without look-alikes, different each time', () => {
    const a = generatePassword();
    expect(a).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{18}$/);
    expect(generatePassword()).not.toBe(a);
  });

  it('draws again on bytes that would bias the alphabet', () => {
    let call = 0;
    // First batch: all out of range (≥ 228); then all zeros, which map to the first letter.
    const random = (b: Uint8Array) => b.fill(call++ === 0 ? 250 : 0);
    expect(generatePassword(random)).toBe('a'.repeat(18));
  });
});
