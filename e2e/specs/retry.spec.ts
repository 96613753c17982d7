import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '../fixtures/test.ts';
import { serverDataDir } from '../support/data-dir.ts';
import { snap } from '../support/sign-in.ts';

const ROWS = 30_000;
/**
 * scores.csv with one bad value far past the rows DuckDB samples to type a CSV:
 * the workflow validates (score reads as a number) and the read fails mid-run,
 * until the file on disk is fixed.
 */
const scoresCsv = (badRow?: number) =>
  ['customer_id,score', ...Array.from({ length: ROWS }, (_, i) => `${i + 1},${i + 1 === badRow ? 'n/a' : (i * 7) % 100}`)].join('\n') + '\n';

interface StoredEvent {
  type: string;
  seq: number;
  nodeId?: string;
  completed?: string[];
  status?: string;
}

/** A finished run's whole event log, read from its SSE stream (which ends with the run). */
async function runEvents(request: import('@playwright/test').APIRequestContext, runId: string): Promise<StoredEvent[]> {
  const text = await (await request.get(`/api/runs/${runId}/events`)).text();
  return text.split('\n').filter((line) => line.startsWith('data:')).map((line) => JSON.parse(line.slice(5)));
}

test('a partial run, fixed on disk, is retried: only the failed branch runs again', async ({ page, editor, request, fromFixture }, testInfo) => {
  test.setTimeout(120_000);
  const dataDir = serverDataDir();
  const scores = join(dataDir, 'datasets', 'scores.csv');
  writeFileSync(scores, scoresCsv(29_000));
  const id = await fromFixture('two-branches');

  await editor.open(id);
  await page.getByRole('toolbar', { name: 'Workflow' }).getByRole('button', { name: 'Run' }).click();
  const panel = page.getByRole('tabpanel');
  const started = page.waitForResponse((r) => r.url().endsWith(`/api/workflows/${id}/runs`) && r.request().method() === 'POST');
  await panel.getByRole('button', { name: 'Start run' }).click();
  const { runId } = await (await started).json();

  // The scores branch fails and holds back its output; the other branch delivers. A bad value
  // in a file fails the same way on every attempt, so it is not retried.
  await expect(panel.getByTestId('run-summary')).toContainText('partial', { timeout: 60_000 });
  await expect(editor.node('scores')).toHaveAttribute('data-status', 'failed');
  await expect(editor.node('out_scores')).toHaveAttribute('data-status', 'skipped');
  for (const node of ['customers', 'opted_in', 'out_opted_in']) await expect(editor.node(node)).toHaveAttribute('data-status', 'succeeded');
  const failures = panel.getByTestId('run-failures');
  await expect(failures).toContainText('Scores failed:');
  await expect(failures).not.toContainText('attempts');
  await expect(failures).toContainText('CSV Error on Line: 29001');
  await expect(failures).toContainText('Not run because a step before failed: Scores list');
  await expect(panel.getByRole('link', { name: /newsletter/ })).toBeVisible();
  await expect(panel.getByRole('link', { name: /scored/ })).toHaveCount(0);
  const newsletter = join(dataDir, 'outputs', runId, 'newsletter.csv');
  const delivered = statSync(newsletter).mtimeMs;
  await snap(page, '01-partial-run', testInfo);

  // Fix the cause where it is, on disk, then retry the same run.
  writeFileSync(scores, scoresCsv());
  await panel.getByRole('button', { name: 'Retry failed' }).click();
  await expect(panel.getByTestId('run-summary')).toContainText('succeeded', { timeout: 60_000 });
  await expect(panel.getByTestId('run-summary')).toContainText('resumed once');
  for (const node of ['customers', 'opted_in', 'out_opted_in', 'scores', 'out_scores']) await expect(editor.node(node)).toHaveAttribute('data-status', 'succeeded');
  await expect(editor.runStatus('out_scores')).toContainText('30,000');
  await expect(panel.getByTestId('run-failures')).toHaveCount(0);
  await expect(panel.getByRole('link', { name: /scored/ })).toContainText('30,000');
  await expect(panel.getByRole('button', { name: 'Retry failed' })).toHaveCount(0);
  await snap(page, '02-retried-run', testInfo);

  // One run, one log: the resumed part started only the failed and skipped steps, and the
  // branch that had delivered was not written again.
  const events = await runEvents(request, runId);
  const resumedAt = events.findIndex((e) => e.type === 'run-resumed');
  expect(resumedAt).toBeGreaterThan(0);
  expect(events[resumedAt].completed?.sort()).toEqual(['customers', 'opted_in', 'out_opted_in']);
  expect([...new Set(events.slice(resumedAt).filter((e) => e.type === 'node-started').map((e) => e.nodeId))].sort()).toEqual(['out_scores', 'scores']);
  expect(events.filter((e) => e.type === 'run-finished').map((e) => e.status)).toEqual(['partial', 'succeeded']);
  expect(statSync(newsletter).mtimeMs).toBe(delivered);
  expect((await (await request.get(`/api/runs/${runId}`)).json())).toMatchObject({ status: 'succeeded', retryable: false });

  // A second retry of a run that succeeded is refused.
  const again = await request.post(`/api/runs/${runId}/retry`);
  expect(again.status()).toBe(409);

  // History shows the one run, finished; opened again it replays to the same end.
  await editor.tab('History').click();
  await expect(page.getByTestId('run-history').locator('tbody tr')).toHaveCount(1);
  await expect(page.getByTestId('run-history')).toContainText('succeeded');
  await page.reload();
  await editor.tab('History').click();
  await page.getByTestId('run-history').getByRole('button', { name: 'Open' }).click();
  await expect(panel.getByTestId('run-summary')).toContainText('succeeded');
  await expect(panel.getByTestId('run-summary')).toContainText('resumed once');
  await expect(editor.node('scores')).toHaveAttribute('data-status', 'succeeded');
});
