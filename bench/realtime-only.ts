/**
 * `npx tsx bench/realtime-only.ts [--customers N] [--seconds S] [--http-only] [--cpu-prof DIR]`:
 * the realtime section alone (evaluator in process, HTTP evaluate, ingest-to-delivery), for
 * work on one-customer evaluation and live audiences. Prints the figures; writes nothing,
 * but with --cpu-prof the server's CPU profile into DIR (`--http-only`: of the evaluate loads alone).
 */
import { loadavg } from 'node:os';
import { figureTable, Figures } from './figures.ts';
import { realtimeSection } from './sections/realtime.ts';

const option = (name: string, otherwise: number) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : otherwise;
};
const figures = new Figures();
const load = loadavg()[0];
const profileDir = process.argv.includes('--cpu-prof') ? process.argv[process.argv.indexOf('--cpu-prof') + 1] : undefined;
await realtimeSection(figures, {
  customers: option('--customers', 1000),
  durationSeconds: option('--seconds', 10),
  httpOnly: process.argv.includes('--http-only'),
  serverNodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : undefined,
});
process.stdout.write(`\n${figureTable(figures.list)}\n\n${figures.list.filter((f) => f.note).map((f) => `${f.name}: ${f.note}`).join('\n')}\nload average ${load.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end\n`);
