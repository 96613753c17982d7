import { RecentValues } from '@segflow/engine';

/**
 * Which request bodies came lately, told by a sketch of their bytes: their
 * length and at most 64 bytes spread over them. The server's memory of answers is keyed
 * by a body's SHA-256, and hashing a 70 kB body costs its thread about 50 µs:
 * worth it only for a body that may come again. So a body is hashed (and its
 * answer kept) from its second coming on; one never seen before is just checked.
 * Two bodies with one sketch cost a hash, never a wrong answer: the memory
 * still goes by the hash.
 */
export function bodySightings(max: number) {
  const sketches = new RecentValues<string, true>(max);
  /** Whether bytes with this body's sketch came before; notes that they came now. */
  return (body: Uint8Array): boolean => {
    const sketch = sketchOf(body);
    if (sketches.get(sketch)) return true;
    sketches.set(sketch, true);
    return false;
  };
}

const SAMPLES = 64;

/** The body's length and an FNV-1a hash of at most 64 of its bytes, evenly spaced. */
export function sketchOf(body: Uint8Array): string {
  let hash = 0x811c9dc5;
  const step = Math.max(1, Math.ceil(body.length / SAMPLES));
  for (let i = 0; i < body.length; i += step) hash = Math.imul(hash ^ body[i], 0x01000193);
  return `${body.length}:${hash >>> 0}`;
}
