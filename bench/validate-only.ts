/**
 * `npx tsx bench/validate-only.ts [--seconds N] [--repetitions N] [--cpu-prof DIR]`:
 * the validation figures alone (in process, then `/api/validate` on the real
 * server under autocannon), for work on validation. `--cpu-prof` writes the
 * server's CPU profile into DIR. Prints the figures; writes nothing else.
 */
import { loadavg } from 'node:os';
import { startBenchServer } from './bench-server.ts';
import { benchDataset } from './data.ts';
import { figureTable, Figures } from './figures.ts';
import { validateLoad } from './sections/server.ts';
import { validationSection } from './sections/validation.ts';

const option = (name: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const seconds = Number(option('seconds') ?? 10);
const repetitions = Number(option('repetitions') ?? 50);
const profileDir = option('cpu-prof');
const figures = new Figures();
const load = loadavg()[0];
// Validation reads only the files' columns: the smallest cached dataset has them all.
const dataset = await benchDataset(10_000);
await validationSection(figures, dataset, repetitions);
const server = await startBenchServer({
  datasets: { 'customers.parquet': dataset.customersPath, 'events.parquet': dataset.eventsPath },
  nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
});
try {
  await validateLoad(figures, server, seconds);
} finally {
  await server.stop();
}
process.stdout.write(`\n${figureTable(figures.list)}\nload average ${load.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end\n`);
