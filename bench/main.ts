/**
 * `pnpm bench [--quick] [--big]`: Segflow against the limit (one hand-written
 * DuckDB statement) and the naive way (a row-by-row JavaScript evaluator),
 * preview latency, validation time, the real server under load and the editor
 * in headless Chromium. Prints a table with each goal beside its figure, writes
 * bench/results/latest.json and, for full runs, bench/RESULTS.md.
 */
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, queryRows, sql } from '../packages/engine/src/node.ts';
import { benchDataset } from './data.ts';
import { figureMarkdown, figureTable, Figures, resultsPath, writeJson } from './figures.ts';
import { progress } from './measure.ts';
import { AS_OF } from './reference-workflow.ts';
import { editorSection } from './sections/editor.ts';
import { firstPreviewSection } from './sections/first-preview.ts';
import { postgresSection } from './sections/postgres.ts';
import { previewSection } from './sections/preview.ts';
import { runsSection, type RunsReport } from './sections/runs.ts';
import { serverSection } from './sections/server.ts';
import { realtimeSection } from './sections/realtime.ts';
import { validationSection } from './sections/validation.ts';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const args = new Set(process.argv.slice(2));
for (const a of args) if (!['--quick', '--big'].includes(a)) usage(`unknown option ${a}`);
const quick = args.has('--quick');
const big = args.has('--big');
if (quick && big) usage('--quick and --big do not go together');

const started = Date.now();
const loadAtStart = loadavg()[0];
const figures = new Figures();
const reports: RunsReport[] = [];
/** A section that fails is reported as FAILED with the figures, and the bench goes on: one crash never loses the rest. */
const guarded = (name: string, section: () => Promise<unknown>) =>
  section().catch((error: Error) => {
    progress(`${name} FAILED: ${error.message.split('\n')[0]}`);
    figures.skip(name, `FAILED: ${error.message.split('\n')[0]}`);
  });

const small = await benchDataset(100_000);
await validationSection(figures, small, quick ? 20 : 50);
reports.push(await runsSection(figures, small, { label: '100k', rounds: quick ? 3 : 5, naiveRuns: quick ? 2 : 3, goals: false, overhead: true }));
if (quick) {
  await previewSection(figures, await benchDataset(200_000), { label: '200k', rounds: 1, handRounds: 3 });
  figures.skip('preview 1M', 'quick run: preview measured at 200k customers instead');
  await guarded('first preview 100k', () => firstPreviewSection(figures, small, '100k'));
} else {
  const million = await benchDataset(1_000_000);
  const report = await runsSection(figures, million, { label: '1M', rounds: 5, naiveRuns: 3, goals: true, overhead: false });
  reports.push(report);
  await previewSection(figures, million, { label: '1M', rounds: 2, handRounds: 5 });
  await guarded('first preview 1M', () => firstPreviewSection(figures, million, '1M'));
  if (big) reports.push(await runsSection(figures, await benchDataset(5_000_000), { label: '5M', rounds: 3, naiveRuns: 3, goals: true, overhead: false }));
  else figures.skip('run 5M', 'pass --big to run 5M customers × 20 events');
}
await postgresSection(figures, small, { rounds: quick ? 1 : 3, million: quick ? undefined : await benchDataset(1_000_000) });
await guarded('server', () => serverSection(figures, small, { durationSeconds: quick ? 3 : 10 }));
await guarded('editor', () => editorSection(figures, { nodes: 500, loads: quick ? 2 : 5 }));
await guarded('realtime', () => realtimeSection(figures, { customers: quick ? 300 : 1000, durationSeconds: quick ? 3 : 10 }));

const machine = await describeMachine();
const minutes = (Date.now() - started) / 60_000;
const breakdown = reports.map(nodeBreakdown).join('\n\n');
process.stdout.write(`\n${figureTable(figures.list)}\n`);
for (const s of figures.skipped) process.stdout.write(`skipped  ${s.name}: ${s.reason}\n`);
process.stdout.write(`\n${breakdown}\n\n${machine.line}; ${minutes.toFixed(1)} min\n`);
const missed = figures.missed;
process.stdout.write(missed.length ? `\nMISSED ${missed.length} goal(s):\n${missed.map((f) => `  MISSED  ${f.name}: ${f.value} ${f.unit}, goal ${f.goal}`).join('\n')}\n` : '\nEvery goal met.\n');

await writeJson(resultsPath(BENCH_DIR), {
  date: new Date().toISOString(), kind: quick ? 'quick' : big ? 'full+big' : 'full', machine: machine.facts, asOf: AS_OF,
  segmentSizes: Object.fromEntries(reports.map((r) => [r.label, r.segmentSizes])),
  figures: figures.list, skipped: figures.skipped,
  nodeMs: Object.fromEntries(reports.map((r) => [r.label, { mode: r.bestMode, ms: Object.fromEntries(r.nodeMs) }])),
});
if (quick) process.stdout.write('bench/results/latest.json written; bench/RESULTS.md is left as is (it holds full runs).\n');
else {
  await writeFile(join(BENCH_DIR, 'RESULTS.md'), resultsMarkdown(machine.line, minutes, breakdown));
  process.stdout.write('bench/results/latest.json and bench/RESULTS.md written.\n');
}

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: pnpm bench [--quick | --big]\n`);
  process.exit(2);
}

function nodeBreakdown(r: RunsReport): string {
  const total = r.nodeMs.reduce((s, [, ms]) => s + ms, 0);
  const rows = r.nodeMs.map(([id, ms]) => `  ${id.padEnd(14)} ${String(Math.round(ms)).padStart(7)} ms  ${((100 * ms) / total).toFixed(1).padStart(5)}%`);
  return [`Per-node time at ${r.label}, Segflow ${r.bestMode} (median of the timed runs, summed over partitions):`, ...rows].join('\n');
}

async function describeMachine() {
  const database = await openDatabase();
  const connection = await database.connect();
  const [{ v }] = await queryRows(connection, sql`SELECT version() AS v`);
  connection.closeSync();
  database.close();
  const git = (...a: string[]) => execFileSync('git', a, { cwd: BENCH_DIR, encoding: 'utf8' }).trim();
  const commit = git('rev-parse', '--short', 'HEAD');
  const dirty = git('status', '--porcelain', '--', '../packages/engine').length > 0;
  const facts = {
    cores: availableParallelism(), cpu: cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version, duckdb: String(v), engineCommit: `${commit}${dirty ? ' (engine with uncommitted changes)' : ''}`,
    loadAverage: { start: loadAtStart, end: loadavg()[0] },
  };
  const load = `load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end`;
  const line = `${facts.cores} cores (${facts.cpu}), ${facts.memoryGb} GB, Node ${facts.node}, DuckDB ${facts.duckdb}, engine at ${facts.engineCommit}; ${load}`;
  return { facts, line };
}

function resultsMarkdown(machineLine: string, minutes: number, breakdown: string): string {
  return `# Bench results

\`pnpm bench${big ? ' --big' : ''}\` on ${new Date().toISOString().slice(0, 10)}, ${minutes.toFixed(0)} minutes.
Machine: ${machineLine}.

${figureMarkdown(figures.list)}

${figures.skipped.map((s) => `- Skipped: ${s.name}: ${s.reason}.`).join('\n')}

## What is timed

- **Runs**: \`runWorkflow\` from reading the Parquet files to the four segments,
  validation with the files' columns and planning included, writing no file
  (\`deliver: false\`, as the hand SQL writes none), every node's row count
  reported as a run always does. Each run gets a fresh in-memory DuckDB; opening
  and closing it is not timed. Runs are lean (see \`DuckDbBackend\`'s \`lean\`):
  one scan of the events for all aggregates, cheap nodes and joins read once
  inlined, tables holding only the columns someone reads.
- **Hand SQL**: one \`CREATE TABLE … AS WITH …\` statement (\`bench/hand-sql.ts\`) from
  the same files to one table of (segment, customer).
- **Naive JS**: \`bench/naive.ts\` evaluating the same document over rows already
  loaded as objects (loading is reported apart and left out of the ratio, which
  flatters the naive way). It runs in a child process with its own heap.
- Before any figure, every Segflow mode, the hand SQL and the naive evaluator must
  give identical segments (sorted key lists); every timed run's segment sizes are
  checked again. Ratios are medians of per-round ratios: each round runs every
  contender once, in rotating order. The machine is shared (see the load average
  above), so wall times move a lot between rounds; the CPU-time ratios show the
  work done and move much less.
- **Previews**: three reference workflows (\`bench/reference-workflow.ts\`, the
  held-out \`bench/held-out-workflow.ts\` and \`bench/marketer-workflow.ts\`, a
  marketer's behaviour and sequence rules, priority and holdout split; each with
  its hand SQL, checked to give the same segments as a lean run) in one
  file-backed previewer attached to a DuckDB with a 1 GB memory limit, as the
  server runs it. The cold preview counts every node (the median of 3 cold
  previews, each in a previewer with nothing cached); then EVERY node with a
  setting is edited once from the base document (\`bench/preview-edits.ts\`: a
  window shortened or added, a threshold moved, a formula's constant, an ntile's
  buckets, a lookup's conflict rule, a holdout's share, a priority's conflict
  rule, a segment's name), each edit followed by the sampled estimate and the
  exact preview, as the editor asks them. Ratios divide by the median of the
  workflow's hand SQL timed in the same process; rule edits are filter edits with
  nothing below them that summarises events (an aggregate, or a filter on
  behaviour rules). Three workflows nobody tuned for (seeds of
  \`bench/varied-documents.ts\`, 30 nodes each) follow in the same previewer: each
  cold preview must count every node as a lean run does, then every node is
  edited the same way; their rule edits and estimates count in the p95 figures
  with the references'.
- **Server**: the real server (\`apps/server/src/main.ts\`) in its own process on a
  temporary data folder holding the 100k files, signed in with a session cookie;
  autocannon POSTs for 10 s each. \`/api/validate\` gets the 200-node
  generated document over 10 connections (the server reads the sources' columns
  itself): first the same document every time, as autocannon sends it (the server
  remembers an answer for 5 s while the files stay the same, and finds it by the
  body's hash before parsing), then a different one-node edit in every request
  (1,000 in turn), each checked in full, then an entirely different 200-node
  document in every request (1,000 seeds of \`bench/varied-documents.ts\`: other
  ids, shapes, functions, settings, labels and positions), as from many editors:
  nothing about one request helps the next. The first of these two loads comes
  after 3 s of checking documents of other seeds (until then the server answered
  from memory), as a server that has been running has compiled its check code and
  sized its heaps; the second follows the first. The server checks validate bodies in
  its check threads (\`SEGFLOW_CHECK_THREADS\`, default one per core), its own
  thread reading and answering; the CPU figure is the whole process's, every
  thread. \`/api/workflows/:id/preview\` gets the reference workflow in four
  workflows, one connection each (a newer preview of a workflow cancels the older),
  after one warm-up preview each, so it is the cached path an editor sees between
  edits; the warm-ups are reported as the cold preview. Any answer other than a 2xx
  stops the bench. Peak RSS is the server process's VmHWM.
- **Editor**: the built web app in headless Chromium (Debian's, software rendering)
  against the real server, a 500-node generated document over 10k-customer files
  (the editor previews as it opens; small files keep that off the measured cores).
  Time to interactive runs from navigation start to the first animation frame with
  all 500 nodes rendered and measured, each load a first visit. Then, once the
  preview has answered and frames are quiet, the empty canvas is dragged with real
  mouse events while the page records every animation frame. Screenshot:
  \`bench/results/editor-500.png\`. \`npx tsx bench/editor-only.ts\` runs this
  section alone (\`DEBUG=pw:browser\` shows Chromium's reason if a page dies).
- **Validation**: \`validateWorkflow\` in this process with the sources' columns
  known. The editor figure changes one node per call and keeps the other node
  objects, as the web app's store does (checked nodes are remembered by object);
  the server figure gives every call a document fresh from JSON; first sight
  changes a setting in nearly every node, so nothing can be remembered; the
  different-document figure gives every call a varied document fresh from JSON.
  \`npx tsx bench/validate-only.ts\` runs the validation figures and the
  \`/api/validate\` load alone (\`--cpu-prof DIR\` profiles the server).
- As-of date ${AS_OF}. Medians, with min–max and the number of runs.

## Editor card renders (React profiler)

The 500-node generated document on the canvas (React Flow in jsdom), a React
\`Profiler\` around every node card, then one node's count changes
(\`apps/web/src/features/canvas/node-renders.test.tsx\`, which asserts the after figure):

| | card renders | profiler time (jsdom, shared machine) |
| --- | --- | --- |
| before: cards read the whole preview, analysis and run contexts | 500 | 1567 ms |
| after: each card subscribes to its own count, problems and run status | 1 | 0.8 ms |

## Where the time goes

Statement by statement, with EXPLAIN ANALYZE of the slowest: \`npx tsx bench/profile.ts --customers 1000000 --mode sequential\`.

${'```'}
${breakdown}
${'```'}
`;
}
