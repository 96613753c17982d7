/**
 * `npx tsx bench/trace-rule-edits.ts [--customers N]`: every statement the
 * previewer runs, with its time, for each filter rule edit below the last
 * aggregate of every reference workflow (file-backed previewer, as the bench).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { attachDatabase, createPreviewer, openDatabase, type Database } from '../packages/engine/src/node.ts';
import { benchDataset } from './data.ts';
import { everyNodeEdit, ruleBelowLastAggregate } from './preview-edits.ts';
import { benchReferences } from './preview-references.ts';
import { AS_OF } from './reference-workflow.ts';

const at = process.argv.indexOf('--customers');
const customers = at > 0 ? Number(process.argv[at + 1]) : 200_000;
const work = await mkdtemp(join(tmpdir(), 'segflow-trace-'));
const explain = process.argv.includes('--explain');
const statements: { ms: number; text: string }[] = [];
const host = await openDatabase(':memory:', { memoryLimit: 1024 ** 3, threads: availableParallelism(), tempDirectory: join(work, 'spill') });
const inner = await attachDatabase(host, join(work, 'preview.duckdb'), 'preview');
const traced: Database = {
  ...inner,
  close: inner.close,
  async connect() {
    const connection = await inner.connect();
    for (const method of ["run"] as const) {
      const original = (connection[method] as (...a: unknown[]) => Promise<unknown>).bind(connection);
      (connection as unknown as Record<string, unknown>)[method] = async (text: string, params?: unknown) => {
        const started = performance.now();
        try {
          return await original(text, params);
        } finally {
          const ms = performance.now() - started;
          statements.push({ ms, text });
          if (explain && ms > 25 && text.startsWith('SELECT count')) {
            const reader = await connection.runAndReadAll(`EXPLAIN ANALYZE ${text}`, params as never);
            statements.push({ ms: 0, text: `EXPLAIN\n${reader.getRowObjectsJson().map((r) => String(Object.values(r).at(-1))).join('\n')}` });
          }
        }
      };
    }
    return connection;
  },
};
const previewer = await createPreviewer({ database: traced, resolvePath: (p) => p });
try {
  for (const reference of await benchReferences(await benchDataset(customers), work)) {
    await previewer.preview(reference.document, { asOf: AS_OF });
    await previewer.preview(reference.document, { asOf: AS_OF, estimate: true });
    for (const edit of everyNodeEdit(reference.document, 0)) {
      if (!ruleBelowLastAggregate(reference.document, edit.nodeId)) continue;
      await previewer.preview(edit.document, { asOf: AS_OF, estimate: true });
      statements.length = 0;
      const t = performance.now();
      const result = await previewer.preview(edit.document, { asOf: AS_OF });
      const ms = performance.now() - t;
      const sum = statements.reduce((s, x) => s + x.ms, 0);
      console.log(`\n${reference.name} ${edit.nodeId}: ${Math.round(ms)} ms, ${statements.length} statements ${Math.round(sum)} ms, computed ${result.computed.join(',')}`);
      for (const s of statements) console.log(`${s.ms.toFixed(1).padStart(8)} ms  ${(s.text.startsWith('EXPLAIN') ? s.text : s.text.replace(/\s+/g, ' ').slice(0, 20000))}`);
    }
  }
} finally {
  await previewer.close();
  host.close();
  await rm(work, { recursive: true, force: true });
}
