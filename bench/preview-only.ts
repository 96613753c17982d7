/**
 * `npx tsx bench/preview-only.ts [--customers N]`: the preview section alone
 * (every reference workflow, every node edited), for work on the previewer.
 * Prints the figures; writes nothing.
 */
import { loadavg } from 'node:os';
import { benchDataset } from './data.ts';
import { figureTable, Figures } from './figures.ts';
import { previewSection } from './sections/preview.ts';

const at = process.argv.indexOf('--customers');
const customers = at > 0 ? Number(process.argv[at + 1]) : 200_000;
const label = customers >= 1_000_000 ? `${customers / 1_000_000}M` : `${customers / 1000}k`;
const figures = new Figures();
const load = loadavg()[0];
await previewSection(figures, await benchDataset(customers), { label, rounds: 1, handRounds: 3 });
process.stdout.write(`\n${figureTable(figures.list)}\nload average ${load.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end\n`);
