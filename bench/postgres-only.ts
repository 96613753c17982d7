/**
 * `npx tsx bench/postgres-only.ts [--rounds N] [--big]`: the PostgreSQL
 * section alone (the reference workflow inside a throwaway PostgreSQL beside
 * the same run in DuckDB, at 100k customers, and 1M with `--big` as in a full `pnpm bench`), for work
 * on warehouse runs. Prints the figures; writes nothing.
 */
import { loadavg } from 'node:os';
import { benchDataset } from './data.ts';
import { figureTable, Figures } from './figures.ts';
import { postgresSection } from './sections/postgres.ts';

const at = process.argv.indexOf('--rounds');
const rounds = at > 0 ? Number(process.argv[at + 1]) : 3;
const figures = new Figures();
const load = loadavg()[0];
const million = process.argv.includes('--big') ? await benchDataset(1_000_000) : undefined;
await postgresSection(figures, await benchDataset(100_000), { rounds, million });
process.stdout.write(`\n${figureTable(figures.list)}\nload average ${load.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end\n`);
