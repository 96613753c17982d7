/**
 * `npx tsx bench/editor-only.ts [--nodes N] [--loads N]`: the editor section
 * alone (the built web app in headless Chromium against the real server), for
 * work on the editor. Prints the figures; writes only the screenshot
 * bench/results/editor-<N>.png. A renderer that dies shows as "Target crashed":
 * run with DEBUG=pw:browser to see Chromium's own reason (an out-of-memory of
 * the page's JavaScript is written there).
 */
import { loadavg } from 'node:os';
import { figureTable, Figures } from './figures.ts';
import { editorSection } from './sections/editor.ts';

const option = (name: string, otherwise: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : otherwise;
};
const figures = new Figures();
const load = loadavg()[0];
await editorSection(figures, { nodes: option('nodes', 500), loads: option('loads', 5) });
process.stdout.write(`\n${figureTable(figures.list)}\nload average ${load.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end\n`);
