/**
 * `npx tsx bench/first-preview-500.ts [--customers N]`: the first-preview section
 * alone (the 500-node document's first preview against a lean run of it).
 * Prints the figures; writes nothing.
 */
import { loadavg } from 'node:os';
import { benchDataset } from './data.ts';
import { figureTable, Figures } from './figures.ts';
import { firstPreviewSection } from './sections/first-preview.ts';

const at = process.argv.indexOf('--customers');
const customers = at > 0 ? Number(process.argv[at + 1]) : 1_000_000;
const label = customers >= 1_000_000 ? `${customers / 1_000_000}M` : `${customers / 1000}k`;
const figures = new Figures();
const load = loadavg()[0];
await firstPreviewSection(figures, await benchDataset(customers), label);
process.stdout.write(`\n${figureTable(figures.list)}\nload average ${load.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end\n`);
