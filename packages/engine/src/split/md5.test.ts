import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { md5Hex } from './md5.ts';

const reference = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

describe('md5Hex', () => {
  it('gives the test suite of RFC 1321 (appendix A.5)', () => {
    expect(md5Hex('')).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(md5Hex('abc')).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(md5Hex('message digest')).toBe('f96b697d7cb7938d525a2f31aaf161d0');
    expect(md5Hex('1234567890'.repeat(8))).toBe('57edf4a22be3c955ac49da2e2107b67a');
  });

  it('agrees with node:crypto on any text, across block boundaries and in any script', () => {
    for (let n = 0; n < 200; n++) expect(md5Hex('x'.repeat(n)), `${n} bytes`).toBe(reference('x'.repeat(n)));
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => md5Hex(text) === reference(text)), { numRuns: 2000 });
  });
});
