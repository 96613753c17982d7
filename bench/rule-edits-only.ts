/**
 * `npx tsx bench/rule-edits-only.ts [--customers N] [--rounds R] [--each]`: the bench's
 * rule-edit figure alone (p95 and median of the exact preview after each
 * filter rule edit below the last aggregate, every reference workflow, each
 * edit after its estimate as the editor asks), over R rounds of new values;
 * `--each` prints every edit's time.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { attachDatabase, createPreviewer, openDatabase } from '../packages/engine/src/node.ts';
import { benchDataset } from './data.ts';
import { summarize } from './measure.ts';
import { everyNodeEdit, ruleBelowLastAggregate } from './preview-edits.ts';
import { benchReferences } from './preview-references.ts';
import { AS_OF } from './reference-workflow.ts';

const option = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const customers = option('customers', 200_000);
const rounds = option('rounds', 3);
const verbose = process.argv.includes('--each');
const work = await mkdtemp(join(tmpdir(), 'segflow-rule-edits-'));
const load = loadavg()[0];
const host = await openDatabase(':memory:', { memoryLimit: 1024 ** 3, threads: availableParallelism(), tempDirectory: join(work, 'spill') });
const previewer = await createPreviewer({ database: await attachDatabase(host, join(work, 'preview.duckdb'), 'preview'), resolvePath: (p) => p });
const ms: number[] = [];
/** CPU time of the process (DuckDB's threads included): the work an edit costs, whatever the load. */
const cpu: number[] = [];
try {
  for (const reference of await benchReferences(await benchDataset(customers), work)) {
    await previewer.preview(reference.document, { asOf: AS_OF });
    await previewer.preview(reference.document, { asOf: AS_OF, estimate: true });
    for (let round = 0; round < rounds; round++)
      for (const edit of everyNodeEdit(reference.document, round)) {
        if (!ruleBelowLastAggregate(reference.document, edit.nodeId)) continue;
        await previewer.preview(edit.document, { asOf: AS_OF, estimate: true });
        const t = performance.now();
        const c = process.cpuUsage();
        await previewer.preview(edit.document, { asOf: AS_OF });
        ms.push(performance.now() - t);
        if (verbose) console.log(`${reference.name} ${edit.nodeId} (round ${round + 1}): ${Math.round(ms.at(-1)!)} ms`);
        const used = process.cpuUsage(c);
        cpu.push((used.user + used.system) / 1000);
      }
  }
} finally {
  await previewer.close();
  host.close();
  await rm(work, { recursive: true, force: true });
}
const s = summarize(ms);
const c = summarize(cpu);
const total = cpu.reduce((a, b) => a + b, 0);
console.log(`${customers} customers: rule edit p95 ${Math.round(s.p95)} ms, median ${Math.round(s.median)} ms over ${s.runs} edits; CPU p95 ${Math.round(c.p95)} ms, median ${Math.round(c.median)} ms, total ${Math.round(total)} ms; load ${load.toFixed(1)} -> ${loadavg()[0].toFixed(1)}`);
