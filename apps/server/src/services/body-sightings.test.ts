import { describe, expect, it } from 'vitest';
import { bodySightings, sketchOf } from './body-sightings.ts';

const bytes = (text: string) => Buffer.from(text);

describe('bodySightings', () => {
  it('tells a body seen before from one never seen', () => {
    const seenBefore = bodySightings(100);
    const body = bytes(JSON.stringify({ nodes: Array.from({ length: 200 }, (_, i) => ({ id: `n${i}` })) }));
    expect(seenBefore(body)).toBe(false);
    expect(seenBefore(Buffer.from(body))).toBe(true);
    expect(seenBefore(bytes('{"other":1}'))).toBe(false);
  });

  it('forgets bodies once many others came after them', () => {
    const seenBefore = bodySightings(10);
    seenBefore(bytes('{"first":true}'));
    for (let i = 0; i < 20; i++) seenBefore(bytes(`{"n":${i}}`));
    expect(seenBefore(bytes('{"first":true}'))).toBe(false);
  });
});

describe('sketchOf', () => {
  it('differs for another length, or another byte where it samples', () => {
    const body = bytes('x'.repeat(6400));
    const sampled = Buffer.from(body);
    sampled[100] = 0x79;
    expect(sketchOf(body)).toBe(sketchOf(Buffer.from(body)));
    expect(sketchOf(sampled)).not.toBe(sketchOf(body));
    expect(sketchOf(bytes('x'.repeat(6401)))).not.toBe(sketchOf(body));
    expect(sketchOf(bytes(''))).toBe('0:2166136261');
  });
});
