/**
 * `npx tsx bench/realtime-only.ts [--customers N] [--seconds S]`: the realtime
 * section alone (evaluator in process, HTTP evaluate, ingest-to-delivery), for
 * work on one-customer evaluation and live audiences. Prints the figures; writes nothing.
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
await realtimeSection(figures, { customers: option('--customers', 1000), durationSeconds: option('--seconds', 10) });
process.stdout.write(`\n${figureTable(figures.list)}\nload average ${load.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end\n`);
