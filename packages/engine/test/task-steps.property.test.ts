import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunMode } from '../src/model/document.ts';
import type { NodeStep } from '../src/run/execute-plan.ts';
import { readTaskLog, runTaskStep, stepName } from '../src/tasks/index.ts';
import { buildWorkflow, tinyDataset, workflowPlanArb } from './arbitrary-workflow.ts';
import { runIn, tempDir } from './run-helpers.ts';
import { writeFiles } from './tiny-run.ts';

let dataDir: string;
beforeAll(() => {
  dataDir = writeFiles(tinyDataset());
});

interface Settings {
  mode: RunMode;
  partitions: number;
  storeEveryNode?: boolean;
}

/** A run's segment files (exact text) and every node's row counts per partition. */
async function runOnce(document: unknown, settings: Settings, folder?: string) {
  const result = await runIn(document, { dataDir, asOf: '2022-06-30', ...settings, ...(folder ? { tasks: { folder } } : {}) });
  if (!result.state) throw new Error(`not run: ${JSON.stringify(result.problems)}`);
  expect(result.state.status, JSON.stringify(result.state.nodes)).toBe('succeeded');
  const files = Object.fromEntries(Object.entries(result.state.segments).map(([name, s]) => [name, readFileSync(s.path, 'utf8')]));
  const counts = Object.fromEntries(Object.entries(result.state.segments).map(([name, s]) => [name, s.count]));
  const rows = Object.fromEntries(Object.entries(result.state.nodes).map(([id, n]) => [id, n.rows]));
  return { files, counts, rows, state: result.state };
}

const MODES: fc.Arbitrary<Settings> = fc.oneof(
  fc.record({ mode: fc.constant<RunMode>('sequential'), partitions: fc.constant(1), storeEveryNode: fc.boolean() }),
  fc.record({ mode: fc.constant<RunMode>('parallel'), partitions: fc.integer({ min: 2, max: 3 }), storeEveryNode: fc.boolean() }),
  fc.record({ mode: fc.constant<RunMode>('hybrid'), partitions: fc.integer({ min: 2, max: 4 }), storeEveryNode: fc.boolean() }),
);

describe('a run executed step by step, results kept as files', () => {
  it('equals the in-process run for random workflows in every mode: segments byte for byte, counts, rows per node', async () => {
    await fc.assert(
      fc.asyncProperty(workflowPlanArb, MODES, async (recipe, settings) => {
        const document = buildWorkflow(recipe);
        const reference = await runOnce(document, settings);
        const folder = tempDir('segflow-tasks-');
        const stepped = await runOnce(document, settings, folder);
        expect(stepped.files).toEqual(reference.files);
        expect(stepped.counts).toEqual(reference.counts);
        expect(stepped.rows).toEqual(reference.rows);
        // Every step ran once, each in its own DuckDB, and left its outcome in the folder.
        const log = readTaskLog(folder);
        const finished = log.filter((l) => l.event === 'finished').map((l) => l.step);
        expect(new Set(finished).size).toBe(finished.length);
        expect(readdirSync(join(folder, 'steps')).length).toBe(finished.length);
        expect(readdirSync(folder).filter((f) => f.includes('.partial-'))).toEqual([]);
      }),
      { numRuns: 12 },
    );
  }, 180_000);

  it('never runs a finished step again, and a half-written file of a killed writer is not read', async () => {
    const document = buildWorkflow(fc.sample(workflowPlanArb, { numRuns: 1, seed: 42 })[0]);
    const settings: Settings = { mode: 'hybrid', partitions: 2 };
    const folder = tempDir('segflow-tasks-');
    const first = await runOnce(document, settings, folder);
    const steps = readTaskLog(folder).filter((l) => l.event === 'finished').map((l) => l.step);
    // What a writer killed mid-copy leaves: a partial file under a temporary name.
    writeFileSync(join(folder, 'n_bogus.parquet.partial-999999-x'), 'not parquet');
    const again = await runOnce(document, settings, folder);
    expect(again.files).toEqual(first.files);
    // The second run found every step finished: the log has no new start.
    expect(readTaskLog(folder).filter((l) => l.event === 'started').map((l) => l.step).sort()).toEqual([...steps].sort());

    // A step handed out a second time (a job given to two workers) returns its recorded outcome.
    const [step] = steps;
    const [nodeId, part] = step.split('.');
    const record: NodeStep = { nodeId, partition: part === 'all' ? null : Number(part) };
    expect(stepName(record)).toBe(step);
    const outcome = await runTaskStep(folder, record, { resolvePath: () => { throw new Error('not read'); } }, new AbortController().signal);
    if (record.partition === null) expect(outcome.rows).toBe(first.state.nodes[nodeId].rows);
    expect(existsSync(join(folder, 'steps', `${step}.json`))).toBe(true);
  }, 60_000);
  it("executes a step within the memory its worker gives it", async () => {
    const document = buildWorkflow(fc.sample(workflowPlanArb, { numRuns: 1, seed: 7 })[0]);
    const folder = tempDir('segflow-tasks-');
    await runOnce(document, { mode: 'sequential', partitions: 1 }, folder);
    const [step] = readTaskLog(folder).filter((l) => l.event === 'finished').map((l) => l.step);
    rmSync(join(folder, 'steps', `${step}.json`));
    const [nodeId, part] = step.split('.');
    const record: NodeStep = { nodeId, partition: part === 'all' ? null : Number(part) };
    const env = { resolvePath: (p: string) => join(dataDir, p) };
    const signal = new AbortController().signal;
    await expect(runTaskStep(folder, record, { ...env, limits: { memoryLimit: 1024 ** 2, threads: 1 } }, signal)).rejects.toThrow(/Out of Memory/);
    expect(existsSync(join(folder, 'steps', `${step}.json`))).toBe(false);
    await runTaskStep(folder, record, { ...env, limits: { memoryLimit: 256 * 1024 ** 2, threads: 1 } }, signal);
    expect(existsSync(join(folder, 'steps', `${step}.json`))).toBe(true);
  }, 60_000);
});
