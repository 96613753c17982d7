/**
 * MD5 (RFC 1321) of a text's UTF-8 bytes, as 32 lowercase hex digits. Written
 * here because the engine core runs in browsers too (no node:crypto), and the
 * split node must give the same group in TypeScript as DuckDB's md5() does.
 * Not for security: only for stable, evenly spread buckets.
 */

/** Per-round left-rotation amounts (RFC 1321, section 3.4). */
const SHIFTS = [
  7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
  5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
  4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
  6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
];

/** T[i] = floor(2^32 × |sin(i + 1)|), the table of section 3.4, computed instead of copied. */
const SINES = Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) >>> 0);

/** The message padded to a multiple of 64 bytes: a 1 bit, zeros, then the bit length (little-endian, 64 bits). */
function pad(bytes: Uint8Array): Uint8Array {
  const length = Math.ceil((bytes.length + 9) / 64) * 64;
  const out = new Uint8Array(length);
  out.set(bytes);
  out[bytes.length] = 0x80;
  const view = new DataView(out.buffer);
  const bits = bytes.length * 8;
  view.setUint32(length - 8, bits >>> 0, true);
  view.setUint32(length - 4, Math.floor(bits / 2 ** 32), true);
  return out;
}

const rotl = (x: number, n: number) => (x << n) | (x >>> (32 - n));

export function md5Hex(text: string): string {
  const message = pad(new TextEncoder().encode(text));
  const view = new DataView(message.buffer);
  let a0 = 0x67452301, b0 = 0xefcdab89, c0 = 0x98badcfe, d0 = 0x10325476;
  const words = new Array<number>(16);
  for (let offset = 0; offset < message.length; offset += 64) {
    for (let j = 0; j < 16; j++) words[j] = view.getUint32(offset + j * 4, true);
    let a = a0, b = b0, c = c0, d = d0;
    for (let i = 0; i < 64; i++) {
      let f: number, g: number;
      if (i < 16) { f = (b & c) | (~b & d); g = i; }
      else if (i < 32) { f = (d & b) | (~d & c); g = (5 * i + 1) % 16; }
      else if (i < 48) { f = b ^ c ^ d; g = (3 * i + 5) % 16; }
      else { f = c ^ (b | ~d); g = (7 * i) % 16; }
      const sum = (a + f + SINES[i] + words[g]) | 0;
      a = d;
      d = c;
      c = b;
      b = (b + rotl(sum, SHIFTS[i])) | 0;
    }
    a0 = (a0 + a) | 0;
    b0 = (b0 + b) | 0;
    c0 = (c0 + c) | 0;
    d0 = (d0 + d) | 0;
  }
  const hex = (word: number) => {
    let s = '';
    for (let k = 0; k < 4; k++) s += ((word >>> (8 * k)) & 0xff).toString(16).padStart(2, '0');
    return s;
  };
  return hex(a0) + hex(b0) + hex(c0) + hex(d0);
}
