import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { attachDatabase, createPreviewer, openDatabase, runWorkflow } from '../../packages/engine/src/node.ts';
import type { BenchDataset } from '../data.ts';
import type { Figures } from '../figures.ts';
import { generatedDocument } from '../generated-documents.ts';
import { progress } from '../measure.ts';
import { AS_OF } from '../reference-workflow.ts';

const NODES = 500;
const GOAL = 2;

/**
 * The 500-node generated document's first preview (every node counted, by a
 * file-backed previewer within 1 GB, as the server runs it) against a lean run
 * of it that delivers nothing, in this process. Every node's count must equal
 * the run's. Goal (issue 16): the preview under 2× the run.
 */
export async function firstPreviewSection(figures: Figures, dataset: BenchDataset, label: string): Promise<void> {
  progress(`first preview: ${NODES} nodes at ${label}`);
  const folder = dirname(dataset.customersPath);
  const resolvePath = (p: string) => join(folder, basename(p));
  const document = generatedDocument(NODES);
  const work = await mkdtemp(join(tmpdir(), 'segflow-bench-500-'));
  try {
    const database = await openDatabase();
    let started = performance.now();
    const run = await runWorkflow(document, { database, mode: 'sequential', asOf: AS_OF, resolvePath, deliver: false });
    const runMs = performance.now() - started;
    database.close();
    if (run.state?.status !== 'succeeded') throw new Error(`the run did not succeed: ${JSON.stringify(run.problems.filter((p) => p.severity === 'error'))}`);
    const host = await openDatabase(':memory:', { memoryLimit: 1024 ** 3, threads: availableParallelism(), tempDirectory: join(work, 'spill') });
    const previewer = await createPreviewer({ database: await attachDatabase(host, join(work, 'preview.duckdb'), 'preview'), resolvePath });
    started = performance.now();
    const preview = await previewer.preview(document, { asOf: AS_OF });
    const previewMs = performance.now() - started;
    await previewer.close();
    host.close();
    for (const [id, node] of Object.entries(run.state.nodes))
      if (preview.counts[id]?.rows !== node.rows) throw new Error(`first preview: counts differ at ${id}: preview ${preview.counts[id]?.rows}, run ${node.rows}`);
    figures.add(`first preview ${label}: ${NODES} nodes, lean run`, runMs, 'ms');
    figures.add(`first preview ${label}: ${NODES} nodes, every node counted`, previewMs, 'ms', { note: 'file-backed previewer within 1 GB, as the server runs it; every count equal to the run\'s' });
    figures.add(`first preview ${label}: ${NODES} nodes, preview / lean run`, previewMs / runMs, '×', { goal: { text: `< ${GOAL}×`, met: previewMs / runMs < GOAL } });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
