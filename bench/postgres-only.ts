/**
 * `npx tsx bench/postgres-only.ts [--customers N] [--rounds N]`: the
 * PostgreSQL section alone (reference workflow in a throwaway PostgreSQL
 * beside DuckDB), for work on warehouse runs. Prints the figures; writes nothing.
 */
import { loadavg } from 'node:os';
import { benchDataset } from './data.ts';
import { figureTable, Figures } from './figures.ts';
import { postgresSection } from './sections/postgres.ts';

const option = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const figures = new Figures();
const load = loadavg()[0];
await postgresSection(figures, await benchDataset(option('--customers', 100_000)), { rounds: option('--rounds', 3) });
process.stdout.write(`\n${figureTable(figures.list)}\nload average ${load.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end\n`);
