import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { datasetsDir, expect, fixturePath, readFixture, test } from '../fixtures/test.ts';

const AS_OF = '2024-07-01';
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const format = (n: number) => new Intl.NumberFormat('en-US').format(n);

interface CliResult {
  status: string;
  nodes: Record<string, { status: string; rows: number }>;
  segments: Record<string, { count: number }>;
}

/** The same fixture through the CLI, next to copies of the datasets: the reference counts. */
function runCli(): CliResult {
  const dir = mkdtempSync(join(tmpdir(), 'segflow-cli-'));
  copyFileSync(fixturePath('winback'), join(dir, 'winback.json'));
  for (const f of readdirSync(datasetsDir)) if (f.endsWith('.csv')) copyFileSync(join(datasetsDir, f), join(dir, f));
  const out = execFileSync('pnpm', ['-s', 'segflow', 'run', join(dir, 'winback.json'), '--as-of', AS_OF, '--json'], { cwd: repoRoot, encoding: 'utf8' });
  return JSON.parse(out.slice(out.indexOf('{')));
}

test('runs a workflow live to the same counts as the CLI, then publishes it', async ({ page, editor, fromFixture }, testInfo) => {
  test.setTimeout(120_000);
  const cli = runCli();
  expect(cli.status).toBe('succeeded');
  const id = await fromFixture('winback');
  await editor.open(id);
  // Counts that take a while (here held back 1.5 s on the way to the server) say they are coming.
  await page.route('**/preview', async (route) => {
    await new Promise((done) => setTimeout(done, 1500));
    await route.continue();
  });
  await page.getByRole('textbox', { name: 'As of date' }).fill(AS_OF);
  const counting = editor.canvas.getByRole('status').filter({ hasText: 'Counting…' });
  await expect(counting).toBeVisible();
  await expect(editor.count('out_winback')).toHaveText(format(cli.segments.winback.count));
  await expect(counting).toBeHidden();
  await page.unroute('**/preview');
  await editor.screenshot('01-preview-counts', testInfo);

  await page.getByRole('toolbar', { name: 'Workflow' }).getByRole('button', { name: 'Run' }).click();
  const panel = page.getByRole('tabpanel');
  // Engineering choices are folded under Advanced; a plain run needs none of them.
  await expect(panel.getByRole('combobox', { name: 'Execution mode' })).toBeHidden();
  await panel.getByText('Advanced', { exact: true }).click();
  await panel.getByRole('combobox', { name: 'Execution mode' }).selectOption('parallel');
  await panel.getByRole('spinbutton', { name: 'Parts' }).fill('3');
  await panel.getByRole('button', { name: 'Start run' }).click();
  await expect(panel.getByTestId('run-summary')).toContainText(/queued|running|succeeded/);

  const nodes = readFixture('winback').nodes.map((n) => n.id);
  for (const node of nodes) {
    await expect(editor.node(node)).toHaveAttribute('data-status', 'succeeded', { timeout: 60_000 });
    await expect(editor.runStatus(node)).toContainText(`${format(cli.nodes[node].rows)} ·`);
  }
  await expect(panel.getByTestId('run-summary')).toContainText('succeeded');
  for (const [segment, { count }] of Object.entries(cli.segments))
    await expect(panel.getByRole('link', { name: `Download ${segment} as CSV` }).or(panel.locator(`a[title="Download ${segment} as CSV"]`))).toContainText(format(count));
  await expect(panel.locator('svg.gantt')).toBeVisible();
  await expect(panel.getByTestId('gantt-row-spend').locator('rect[rx]')).toHaveCount(3);
  await editor.screenshot('02-run-finished', testInfo);

  // The segment file has one line per customer plus the header.
  const href = await panel.locator('a[title="Download winback as CSV"]').getAttribute('href');
  const csv = await (await page.request.get(href!)).text();
  expect(csv.trim().split('\n')).toHaveLength(cli.segments.winback.count + 1);

  await editor.tab('History').click();
  const history = page.getByTestId('run-history');
  await expect(history.locator('tbody tr')).toHaveCount(1);
  await expect(history).toContainText('succeeded');
  await expect(history).toContainText(`winback ${format(cli.segments.winback.count)}`);
  await editor.screenshot('03-history', testInfo);

  // Publish with a note; the dialog shows what the version contains and each segment's size.
  await page.getByRole('button', { name: 'Publish…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Publish the first version' });
  await expect(dialog.getByTestId('diff-list')).toContainText('12 steps, 15 connections, 2 segments');
  await expect(dialog.getByTestId('segment-changes')).toContainText(format(cli.segments.big_spenders.count));
  await dialog.getByRole('textbox').fill('First winback list');
  await editor.screenshot('04-publish-dialog', testInfo);
  await dialog.getByRole('button', { name: 'Publish' }).click();
  await expect(dialog).toBeHidden();
  const versions = page.getByTestId('versions-list');
  await expect(versions).toContainText('v1');
  await expect(versions).toContainText('First winback list');
  await editor.screenshot('05-versions', testInfo);

  // After a reload everything is still there: the draft, the run, the version.
  await page.reload();
  await expect(editor.count('out_winback')).toBeVisible();
  await editor.tab('History').click();
  await expect(page.getByTestId('run-history').locator('tbody tr')).toHaveCount(1);
  await editor.tab('Versions').click();
  await expect(page.getByTestId('versions-list')).toContainText('First winback list');
  await page.goto('/#/');
  const row = page.locator('tr').filter({ hasText: 'runs a workflow live' });
  await expect(row).toContainText('succeeded');
  await expect(row).toContainText(`winback ${format(cli.segments.winback.count)}`);
  await expect(row).toContainText('v1');
});

test('compares the execution modes on a sample as a chart', async ({ page, editor, fromFixture }, testInfo) => {
  const id = await fromFixture('winback');
  await editor.open(id);
  await expect(page.getByRole('tab', { name: /^Compare modes/ })).toHaveCount(0);
  await editor.tab('Run').click();
  await page.getByRole('tabpanel').getByText('Advanced', { exact: true }).click();
  await page.getByRole('region', { name: 'Compare modes' }).getByRole('button', { name: 'Measure' }).click();
  await expect(page.getByTestId('compare-chart').locator('.recharts-bar-rectangle').first()).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('tabpanel')).toContainText('is fastest here');
  await editor.screenshot('compare-modes', testInfo);
});
