/**
 * `npx tsx bench/first-preview-500.ts [--customers N]`: the 500-node generated
 * document's first preview (every node counted, file-backed previewer as the
 * server runs it) against a lean run of it that delivers nothing, in this
 * process. Goal: under 2x. Prints the figures; writes nothing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { attachDatabase, createPreviewer, openDatabase, runWorkflow } from '../packages/engine/src/node.ts';
import { benchDataset } from './data.ts';
import { generatedDocument } from './generated-documents.ts';
import { AS_OF } from './reference-workflow.ts';

const at = process.argv.indexOf('--customers');
const customers = at > 0 ? Number(process.argv[at + 1]) : 1_000_000;
const dataset = await benchDataset(customers);
const folder = dirname(dataset.customersPath);
const resolvePath = (p: string) => join(folder, basename(p));
const document = generatedDocument(500);
const load = loadavg()[0];
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
    if (preview.counts[id]?.rows !== node.rows) throw new Error(`COUNTS DIFFER at ${id}: preview ${preview.counts[id]?.rows}, run ${node.rows}`);
  const ratio = previewMs / runMs;
  process.stdout.write(`500 nodes at ${customers} customers: lean run ${Math.round(runMs)} ms, first preview ${Math.round(previewMs)} ms, ${ratio.toFixed(2)}x (goal < 2x: ${ratio < 2 ? 'met' : 'MISSED'}); every node's count equal\n`);
  process.stdout.write(`load average ${load.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end\n`);
} finally {
  await rm(work, { recursive: true, force: true });
}
