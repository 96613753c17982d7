// The functions handed to page.evaluate run in the page: they need the DOM's types.
/// <reference lib="dom" />
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page, type Response } from '@playwright/test';
import { peakRssMb, startBenchServer, type BenchServer } from '../bench-server.ts';
import { benchDataset } from '../data.ts';
import type { Figures } from '../figures.ts';
import { generatedDocument } from '../generated-documents.ts';
import { percentile, progress, summarize } from '../measure.ts';

const RESULTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');
const CHROMIUM = process.env.SEGFLOW_CHROMIUM ?? '/usr/bin/chromium';
const VIEWPORT = { width: 1440, height: 900 };
const LOAD_TIMEOUT_MS = 120_000;
/** Dragging the canvas 480 px left and 120 px up in 120 mouse moves: the graph's later nodes come into view. */
const PAN = { moves: 120, dx: -4, dy: -1 };
const LONG_FRAME_MS = 50;
/**
 * The editor previews the document as soon as it opens; small sources keep that
 * from taking the two cores the browser is measured on.
 */
const EDITOR_CUSTOMERS = 10_000;

/** One animation frame: its interval since the last one, and whether the canvas moved in it. */
interface Frame {
  ms: number;
  moved: boolean;
}

export interface EditorSectionOptions {
  nodes: number;
  /** Page loads timed, each in a fresh browser context (no HTTP cache): a first visit every time. */
  loads: number;
}

/**
 * The built web app in headless Chromium against the real server: time until a
 * `nodes`-node workflow is on the canvas, then frame times while the canvas is
 * dragged. Reported without goals.
 */
export async function editorSection(figures: Figures, o: EditorSectionOptions): Promise<void> {
  progress(`editor: ${o.nodes}-node document in headless Chromium`);
  const dataset = await benchDataset(EDITOR_CUSTOMERS);
  const server = await startBenchServer({ web: true, datasets: { 'customers.parquet': dataset.customersPath, 'events.parquet': dataset.eventsPath } });
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    const workflowId = await createWorkflow(server, o.nodes);
    const loads: number[] = [];
    let last: { page: Page; previewed: Promise<Response> } | undefined;
    for (let i = 0; i < o.loads; i++) {
      await last?.page.context().close();
      progress(`editor: page load ${i + 1} of ${o.loads}`);
      last = await openEditor(browser, server, workflowId);
      loads.push(await timeToInteractive(last.page, o.nodes));
    }
    const { page, previewed } = last!;
    figures.time(`editor: ${o.nodes} nodes, time to interactive`, summarize(loads), {
      note: `navigation start to the first animation frame with all ${o.nodes} nodes on the canvas and measured (auto-layout included: the generated document has no positions); each load a first visit in a fresh browser context`,
    });

    // Pan once the first preview has answered, so the frames are the browser's alone.
    const preview = await previewed;
    if (!preview.ok()) throw new Error(`editor: the editor's preview answered ${preview.status()}: ${(await preview.text()).slice(0, 500)}`);
    await settle(page);
    await page.screenshot({ path: join(RESULTS, `editor-${o.nodes}.png`) });
    panFigures(figures, o.nodes, await panCanvas(page));

    const heapMb = await jsHeapMb(page);
    figures.add(`editor: ${o.nodes} nodes, page JS heap`, heapMb, 'MB', { note: 'JSHeapUsedSize from CDP Performance.getMetrics after loading and panning' });
    const rss = chromiumPeakRssMb();
    figures.add('peak RSS: editor browser', rss.mb, 'MB', {
      note: `sum of VmHWM over the ${rss.processes} Chromium processes alive at the end (browser, renderer, GPU, utility); pages shared between them count in each, so this overstates`,
    });
  } finally {
    await browser?.close();
    await server.stop();
  }
}

function panFigures(figures: Figures, nodes: number, { frames, dragMs }: { frames: Frame[]; dragMs: number }): void {
  const intervals = frames.map((f) => f.ms);
  const long = intervals.filter((ms) => ms > LONG_FRAME_MS).length;
  const updates = frames.filter((f) => f.moved).length;
  const how = `dragging the empty canvas ${Math.abs(PAN.moves * PAN.dx)} × ${Math.abs(PAN.moves * PAN.dy)} px in ${PAN.moves} mouse moves, each sent when the page had taken the last (${Math.round(dragMs)} ms); requestAnimationFrame intervals in the page; software rendering (no GPU)`;
  figures.add(`editor: ${nodes} nodes, median frame time while panning`, percentile(intervals, 50), 'ms', { spread: summarize(intervals), note: `${how}; ${frames.length} frames` });
  figures.add(`editor: ${nodes} nodes, p95 frame time while panning`, percentile(intervals, 95), 'ms', { note: how });
  figures.add(`editor: ${nodes} nodes, frames over ${LONG_FRAME_MS} ms while panning`, (100 * long) / frames.length, '%', { note: `${long} of ${frames.length} frames` });
  figures.add(`editor: ${nodes} nodes, canvas updates per second while panning`, updates / (dragMs / 1000), '/s', {
    note: `frames in which the canvas moved (${updates}) over the drag's wall time: how often the user sees it follow the mouse`,
  });
}

async function createWorkflow(server: BenchServer, nodes: number): Promise<string> {
  const response = await fetch(`${server.url}/api/workflows`, {
    method: 'POST', headers: { ...server.authHeaders, 'content-type': 'application/json' },
    body: JSON.stringify({ name: `Bench editor ${nodes}`, document: generatedDocument(nodes) }),
  });
  if (!response.ok) throw new Error(`editor: creating the workflow answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

/**
 * A fresh context holding the admin's session cookie, on the editor's URL (the
 * app routes on the hash); `previewed` settles when the exact counts answer.
 */
async function openEditor(browser: Browser, server: BenchServer, workflowId: string): Promise<{ page: Page; previewed: Promise<Response> }> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  await context.addCookies([{ ...server.sessionCookie, url: server.url, httpOnly: true, sameSite: 'Strict' }]);
  // tsx compiles this file with esbuild's keepNames, which wraps named inner functions in __name():
  // the functions handed to page.evaluate need it in the page too.
  await context.addInitScript('globalThis.__name = (fn) => fn;');
  const page = await context.newPage();
  const previewed = page.waitForResponse(
    (r) => new URL(r.url()).pathname.endsWith('/preview') && !r.request().postData()?.includes('"estimate":true'),
    { timeout: LOAD_TIMEOUT_MS },
  );
  previewed.catch(() => undefined); // only the last load's is awaited
  await page.goto(`${server.url}/#/workflows/${workflowId}`, { waitUntil: 'commit' });
  return { page, previewed };
}

/** Milliseconds from navigation start to the first frame with every node rendered and measured (visible). */
async function timeToInteractive(page: Page, nodes: number): Promise<number> {
  try {
    const handle = await page.waitForFunction(
      (expected) => {
        const rendered = document.querySelectorAll<HTMLElement>('.react-flow__node');
        if (rendered.length < expected) return false;
        // React Flow hides a node until it has measured it.
        return Array.from(rendered).some((node) => node.style.visibility === 'hidden') ? false : performance.now();
      },
      nodes,
      { polling: 'raf', timeout: LOAD_TIMEOUT_MS },
    );
    return (await handle.jsonValue()) as number;
  } catch (e) {
    const shot = join(RESULTS, 'editor-failed.png');
    await page.screenshot({ path: shot }).catch(() => undefined);
    const text = (await page.locator('body').innerText().catch(() => '')).slice(0, 500);
    throw new Error(`editor: the ${nodes} nodes never showed (${(e as Error).message.split('\n')[0]}); the page says: ${text}; screenshot ${shot}`);
  }
}

/** Waits until a second passes with no frame over 50 ms (the load's own work is done), 15 s at most. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(
    (long) =>
      new Promise<void>((done) => {
        const started = performance.now();
        let last = started;
        let quietSince = started;
        const tick = (now: number) => {
          if (now - last > long) quietSince = now;
          last = now;
          if (now - quietSince > 1000 || now - started > 15_000) done();
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    LONG_FRAME_MS,
  );
}

/**
 * Drags the empty pane with real mouse events (React Flow ignores a locator's
 * dragTo), each move sent as soon as the page has taken the last, recording
 * every animation frame and whether the canvas moved in it; then checks the
 * view moved as far as the mouse did.
 */
async function panCanvas(page: Page): Promise<{ frames: Frame[]; dragMs: number }> {
  const start = await page.evaluate(() => {
    const pane = document.querySelector('.react-flow__pane')!.getBoundingClientRect();
    // The first point, scanning from the bottom right, where the pane itself is under the pointer.
    for (let y = pane.bottom - 40; y > pane.top + 200; y -= 15)
      for (let x = pane.right - 40; x > pane.left + 560; x -= 15)
        if (document.elementFromPoint(x, y)?.classList.contains('react-flow__pane')) return { x, y };
    return null;
  });
  if (!start) throw new Error('editor: no empty spot on the canvas to drag from');
  const before = await viewportOffset(page);
  await page.evaluate(() => {
    const w = window as unknown as { benchFrames: Frame[]; benchRecording: boolean };
    w.benchFrames = [];
    w.benchRecording = true;
    const viewport = document.querySelector<HTMLElement>('.react-flow__viewport')!;
    let previous: number | undefined;
    let shown = viewport.style.transform;
    const tick = (now: number) => {
      if (previous !== undefined) w.benchFrames.push({ ms: now - previous, moved: viewport.style.transform !== shown });
      shown = viewport.style.transform;
      previous = now;
      if (w.benchRecording) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const started = performance.now();
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  for (let i = 1; i <= PAN.moves; i++) await page.mouse.move(start.x + i * PAN.dx, start.y + i * PAN.dy);
  await page.mouse.up();
  const dragMs = performance.now() - started;
  const frames = await page.evaluate(() => {
    const w = window as unknown as { benchFrames: Frame[]; benchRecording: boolean };
    w.benchRecording = false;
    return w.benchFrames;
  });
  const after = await viewportOffset(page);
  const moved = { x: after.x - before.x, y: after.y - before.y };
  if (Math.abs(moved.x - PAN.moves * PAN.dx) > 5 || Math.abs(moved.y - PAN.moves * PAN.dy) > 5)
    throw new Error(`editor: the drag moved the view by ${moved.x}, ${moved.y} px instead of ${PAN.moves * PAN.dx}, ${PAN.moves * PAN.dy}`);
  if (frames.length < 10) throw new Error(`editor: only ${frames.length} frames while panning`);
  return { frames, dragMs };
}

/** The canvas's translation, from the viewport element's transform. */
async function viewportOffset(page: Page): Promise<{ x: number; y: number }> {
  return page.evaluate(() => {
    const m = new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')!).transform);
    return { x: m.e, y: m.f };
  });
}

async function jsHeapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value;
  if (used === undefined) throw new Error('editor: no JSHeapUsedSize from CDP');
  return used / 2 ** 20;
}

/** Chromium processes below this one (Playwright launches the browser as our child). */
function chromiumPeakRssMb(): { mb: number; processes: number } {
  const parents = new Map<number, number>();
  const names = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ppid …": comm may hold spaces, so split after the last ')'.
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      names.set(Number(entry), stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
    } catch {
      // The process ended while we looked.
    }
  }
  const below = (pid: number): boolean => {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p)) if (p === process.pid) return true;
    return false;
  };
  const pids = [...names].filter(([pid, name]) => name.startsWith('chrom') && below(pid)).map(([pid]) => pid);
  if (!pids.length) throw new Error('editor: no Chromium process found below the bench');
  let mb = 0;
  for (const pid of pids) mb += peakRssMb(pid);
  return { mb, processes: pids.length };
}
