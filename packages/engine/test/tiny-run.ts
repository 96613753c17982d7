import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunWorkflowOptions } from '../src/duckdb/run-workflow.ts';
import type { RunMode } from '../src/model/document.ts';
import { runIn, tempDir } from './run-helpers.ts';

/** Writes small data files (name → contents) into a fresh temp folder. */
export function writeFiles(files: Record<string, string>): string {
  const dir = tempDir('segflow-data-');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text.trim() + '\n');
  return dir;
}

/** Rows of a segment written as json (one object per line). */
export function readJsonLines(path: string): Record<string, unknown>[] {
  const text = readFileSync(path, 'utf8').trim();
  return text ? text.split('\n').map((line) => JSON.parse(line)) : [];
}

/**
 * Runs a document over tiny inline files. `rows(segment)` reads a json segment
 * back; `byKey(segment, column)` maps each key to one column's value.
 */
export async function runTiny(
  document: unknown,
  files: Record<string, string>,
  options: Partial<RunWorkflowOptions> & { key?: string } = {},
) {
  const dataDir = writeFiles(files);
  const result = await runIn(document, { mode: 'sequential', asOf: '2022-06-30', ...options, dataDir });
  const rows = (segment: string) => {
    const s = result.state?.segments[segment];
    if (!s) throw new Error(`no segment ${segment}: ${JSON.stringify(result.problems)} ${JSON.stringify(result.state?.nodes)}`);
    return readJsonLines(s.path);
  };
  const byKey = (segment: string, column: string, key = options.key ?? 'id') =>
    Object.fromEntries(rows(segment).map((r) => [String(r[key]), r[column]]));
  return { ...result, dataDir, rows, byKey };
}

/** The execution configurations a result must not depend on. */
export const MODES: readonly (readonly [RunMode, number])[] = [
  ['sequential', 1],
  ['parallel', 2],
  ['hybrid', 3],
];
