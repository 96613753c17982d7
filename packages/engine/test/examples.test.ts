import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunMode } from '../src/model/document.ts';
import { readSegment, runIn } from './run-helpers.ts';
import { EXAMPLES } from './shared-paths.ts';

interface Expected {
  file: string;
  asOf: string | null;
  segments: Record<string, number>;
}

const expected: Expected[] = JSON.parse(readFileSync(join(EXAMPLES, 'expected.json'), 'utf8'));
const load = (file: string) => JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8'));
const configurations: [RunMode, number][] = [['sequential', 1], ['parallel', 1], ['parallel', 3], ['hybrid', 2], ['hybrid', 5]];

describe('the spec worked examples over the real datasets', () => {
  for (const example of expected) {
    it(`${example.file} gives the expected segment sizes and the same members in every mode`, async () => {
      let reference: Record<string, string[]> | undefined;
      for (const [mode, partitions] of configurations) {
        const { state } = await runIn(load(example.file), { mode, partitions, asOf: example.asOf ?? '2026-01-01' });
        expect(state?.status, `${mode}/${partitions}`).toBe('succeeded');
        const counts = Object.fromEntries(Object.entries(state!.segments).map(([name, s]) => [name, s.count]));
        expect(counts, `${mode}/${partitions}`).toEqual(example.segments);
        const contents = Object.fromEntries(Object.entries(state!.segments).map(([name, s]) => [name, readSegment(s.path)]));
        for (const [name, lines] of Object.entries(contents)) expect(lines.length - 1).toBe(example.segments[name]);
        if (reference) expect(contents, `${mode}/${partitions} members`).toEqual(reference);
        reference = contents;
      }
    }, 60_000);
  }
});
