import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { runWorkflow, type RunWorkflowOptions } from '../src/duckdb/run-workflow.ts';
import { DATASETS } from './shared-paths.ts';

export const tempDir = (prefix = 'segflow-test-') => mkdtempSync(join(tmpdir(), prefix));

/** Runs a document reading from `dataDir` (default: the shared datasets) and writing into a temp folder. */
export async function runIn(document: unknown, options: Partial<RunWorkflowOptions> & { dataDir?: string } = {}) {
  const out = tempDir();
  const dataDir = options.dataDir ?? DATASETS;
  const result = await runWorkflow(document, {
    resolvePath: (p, use) => (isAbsolute(p) ? p : join(use === 'read' ? dataDir : out, p)),
    ...options,
  });
  return { ...result, out };
}

/** A segment file's lines, header first: the exact contents, not just the count. */
export const readSegment = (path: string) => readFileSync(path, 'utf8').trimEnd().split('\n');
