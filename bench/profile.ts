/**
 * Where a Segflow run's time goes, statement by statement:
 *
 *   npx tsx bench/profile.ts [--customers 1000000] [--mode hybrid] [--partitions 2] [--explain 5] [--workflow held-out|marketer]
 *
 * Runs the reference workflow once with every DuckDB statement timed, prints
 * them slowest first with the node each belongs to, then re-runs the slowest
 * few (and the hand-written SQL) under EXPLAIN ANALYZE into
 * bench/results/profile/, with every statement and its time as JSON.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, renderSql, runWorkflow, type Database, type RunMode } from '../packages/engine/src/node.ts';
import { benchDataset } from './data.ts';
import { benchReferences } from './preview-references.ts';
import { AS_OF } from './reference-workflow.ts';

interface Statement { ms: number; text: string; params: unknown[] }

const option = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const customers = Number(option('customers', '1000000'));
const mode = option('mode', 'sequential') as RunMode;
const partitions = Number(option('partitions', mode === 'sequential' ? '1' : '2'));
const explain = Number(option('explain', '5'));
const workflow = option('workflow', 'reference');
const outDir = join(dirname(fileURLToPath(import.meta.url)), 'results', 'profile');

const dataset = await benchDataset(customers);
const reference = (await benchReferences(dataset, 'unused')).find((r) => r.name === workflow);
if (!reference) throw new Error(`--workflow: reference, held-out or marketer, not ${workflow}`);
const document = reference.document;
const inner = await openDatabase();
const statements: Statement[] = [];
/** The same database, with every statement of every connection timed. */
const traced: Database = {
  instance: inner.instance,
  close: inner.close,
  async connect() {
    const connection = await inner.connect();
    const run = connection.run.bind(connection);
    connection.run = (async (text: string, params?: never) => {
      const started = performance.now();
      try {
        return await run(text, params);
      } finally {
        statements.push({ ms: performance.now() - started, text, params: params ?? [] });
      }
    }) as typeof connection.run;
    return connection;
  },
};

const started = performance.now();
const result = await runWorkflow(document, { database: traced, mode, partitions, asOf: AS_OF, resolvePath: (p) => p, deliver: false });
const total = performance.now() - started;
if (result.state?.status !== 'succeeded') throw new Error(`run ${result.state?.status}: ${JSON.stringify(result.problems)}`);

const nodeOf = (text: string) => /^CREATE OR REPLACE TABLE "(?:n_)?([^"]+)"/.exec(text)?.[1] ?? (/FROM "n_([^"]+)"/.exec(text)?.[1] ? `(${/FROM "n_([^"]+)"/.exec(text)![1]})` : '');
const sum = statements.reduce((s, x) => s + x.ms, 0);
console.log(`${customers} customers, ${mode} p=${partitions}: run ${Math.round(total)} ms, ${statements.length} statements taking ${Math.round(sum)} ms (summed; concurrent ones overlap)\n`);
const slowest = [...statements].sort((a, b) => b.ms - a.ms);
for (const s of slowest.slice(0, 30)) console.log(`${String(Math.round(s.ms)).padStart(7)} ms  ${nodeOf(s.text).padEnd(16)} ${s.text.replace(/\s+/g, ' ').slice(0, 110)}`);

await mkdir(outDir, { recursive: true });
await writeFile(join(outDir, `${workflow}-${customers}-${mode}-p${partitions}-statements.json`), `${JSON.stringify(statements, null, 1)}\n`);
const connection = await inner.connect();
const explainTo = async (file: string, text: string, params: unknown[]) => {
  const reader = await connection.runAndReadAll(`EXPLAIN ANALYZE ${text}`, params as never);
  const plan = reader.getRowObjectsJson().map((r) => String(r.explain_value ?? Object.values(r).at(-1))).join('\n');
  await writeFile(join(outDir, file), `${text}\n\n${plan}\n`);
  return file;
};
const written: string[] = [];
for (const [i, s] of slowest.filter((x) => x.text.startsWith('CREATE')).slice(0, explain).entries())
  written.push(await explainTo(`${workflow}-${customers}-${mode}-p${partitions}-${i + 1}-${nodeOf(s.text)}.txt`, s.text, s.params));
const hand = renderSql(reference.handSql);
written.push(await explainTo(`${workflow}-${customers}-hand-sql.txt`, hand.text, hand.params));
connection.closeSync();
inner.close();
console.log(`\nEXPLAIN ANALYZE written to bench/results/profile/: ${written.join(', ')}`);

