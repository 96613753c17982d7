import { isAbsolute, join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPreviewer, type Previewer } from '../src/preview/previewer.ts';
import { buildWorkflow, tinyDataset, workflowPlanArb } from './arbitrary-workflow.ts';
import { runIn } from './run-helpers.ts';
import { writeFiles } from './tiny-run.ts';

/*
 * Previews count with the lean plan and a cache of tables, summary values and
 * counts kept across documents. Whatever the cache holds, a preview's exact
 * counts must be a run's, and a document reached by edits must count as it
 * would in a fresh previewer.
 */
const asOf = '2022-06-30';
let dataDir: string;
let warm: Previewer;
const resolve = () => (p: string) => (isAbsolute(p) ? p : join(dataDir, p));

beforeAll(async () => {
  dataDir = writeFiles(tinyDataset());
  // A small byte budget, so tables are evicted between documents and recomputed.
  warm = await createPreviewer({ resolvePath: resolve(), maxCacheBytes: 40_000 });
});
afterAll(() => warm.close());

const exactCounts = (counts: Record<string, { rows: number; exact: boolean }>) =>
  Object.fromEntries(Object.entries(counts).map(([id, c]) => [id, c.rows]));

/** Every number in a node's settings, by path: what a one-value edit may change. */
function numberPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'number') return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => numberPaths(v, [...path, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => numberPaths(v, [...path, k]));
  return [];
}

/** The document with one number of one node's settings moved by `delta`: an edit in the inspector. */
function withNumberMoved(document: { nodes: { config?: unknown }[] }, pick: number, delta: number) {
  const edits = document.nodes.flatMap((n, i) => numberPaths(n.config).map((p) => [i, p] as const));
  if (!edits.length) return document;
  const [index, path] = edits[pick % edits.length];
  const copy = structuredClone(document);
  let target = copy.nodes[index].config as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) target = target[step] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  const moved = (target[last] as number) + delta;
  target[last] = Number.isInteger(target[last]) ? Math.max(1, Math.round(moved)) : moved;
  return copy;
}

describe('previews against runs', () => {
  it('count every node exactly as a run does, for random workflows previewed one after another', async () => {
    await fc.assert(
      fc.asyncProperty(workflowPlanArb, async (recipe) => {
        const document = buildWorkflow(recipe);
        const run = await runIn(document, { dataDir, mode: 'sequential', asOf, deliver: false });
        expect(run.state?.status).toBe('succeeded');
        const preview = await warm.preview(document, { asOf });
        expect(preview.problems.filter((p) => p.severity === 'error')).toEqual([]);
        const runCounts = Object.fromEntries(Object.entries(run.state!.nodes).map(([id, n]) => [id, n.rows]));
        expect(exactCounts(preview.counts)).toEqual(runCounts);
      }),
      { numRuns: 50 },
    );
  }, 1_800_000);

  it('give after a sequence of edits the counts a fresh previewer gives the final document', async () => {
    await fc.assert(
      fc.asyncProperty(workflowPlanArb, fc.array(fc.tuple(fc.nat(200), fc.integer({ min: -40, max: 40 })), { minLength: 1, maxLength: 4 }), async (recipe, edits) => {
        let document = buildWorkflow(recipe) as { nodes: { config?: unknown }[] };
        await warm.preview(document, { asOf });
        for (const [pick, delta] of edits) {
          document = withNumberMoved(document, pick, delta || 1);
          await warm.preview(document, { asOf });
          await warm.preview(document, { asOf, estimate: true });
        }
        const fresh = await createPreviewer({ resolvePath: resolve() });
        try {
          const cold = await fresh.preview(document, { asOf });
          const edited = await warm.preview(document, { asOf });
          expect(exactCounts(edited.counts)).toEqual(exactCounts(cold.counts));
          expect(edited.problems.map((p) => p.code).sort()).toEqual(cold.problems.map((p) => p.code).sort());
        } finally {
          await fresh.close();
        }
      }),
      { numRuns: 50 },
    );
  }, 1_800_000);
});
