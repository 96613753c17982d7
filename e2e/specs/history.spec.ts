import type { APIRequestContext } from '@playwright/test';
import { expect, readFixture, test } from '../fixtures/test.ts';

const AS_OF = '2024-07-01';

/** Starts a run through the API and waits for it to finish. */
async function runToEnd(request: APIRequestContext, workflowId: string, body: Record<string, unknown>) {
  const started = await request.post(`/api/workflows/${workflowId}/runs`, { data: { mode: 'sequential', ...body } });
  expect(started.status()).toBe(202);
  const { runId } = await started.json();
  await expect.poll(async () => (await (await request.get(`/api/runs/${runId}`)).json()).status, { timeout: 60_000 }).toMatch(/succeeded|partial|failed/);
  return (await request.get(`/api/runs/${runId}`)).json();
}

test('charts each segment’s size over runs with its expected range as a band, and compares two runs', async ({ page, editor, request }, testInfo) => {
  test.setTimeout(180_000);
  const name = `history chart ${Date.now().toString(36)}`;
  const created = await request.post('/api/workflows', { data: { name, document: { ...readFixture('winback'), name } } });
  const workflow = await created.json();

  // The expected range is set around what the data gives, then published: runs of the version are held to it.
  const draft = await runToEnd(request, workflow.id, { asOf: AS_OF });
  const size = draft.segments.winback.count as number;
  expect(size).toBeGreaterThan(10);
  const document = structuredClone((await (await request.get(`/api/workflows/${workflow.id}`)).json()).document);
  document.nodes.find((n: { id: string }) => n.id === 'out_winback').config.expect = { min: Math.round(size * 0.8), max: Math.round(size * 1.2) };
  const saved = await request.put(`/api/workflows/${workflow.id}`, { data: { document, revision: workflow.revision } });
  expect(saved.status()).toBe(200);
  expect((await request.post(`/api/workflows/${workflow.id}/publish`, { data: { note: 'with a range' } })).status()).toBe(201);
  expect((await request.put(`/api/workflows/${workflow.id}/alert-settings`, { data: { outputs: { winback: { maxChangePct: 40 } } } })).status()).toBe(200);

  await runToEnd(request, workflow.id, { version: 1, asOf: AS_OF });
  // Years earlier, far fewer customers have lapsed: outside the range, and a drop beyond 40%.
  const early = await runToEnd(request, workflow.id, { version: 1, asOf: '2021-01-01' });
  expect(early.segments.winback.count).toBeLessThan(size * 0.6);

  await editor.open(workflow.id);
  await page.getByRole('tab', { name: /^Trends/ }).click();
  await page.getByRole('button', { name: 'Make the panel taller' }).click();
  const chart = page.getByTestId('trend-winback');
  // Titled by the segment's name, as History calls it.
  await expect(chart.locator('figcaption strong')).toHaveText('winback');
  await expect(chart).toContainText(`expected ${new Intl.NumberFormat('en-US').format(Math.round(size * 0.8))}`);
  await expect(chart.locator('.recharts-reference-area-rect')).toBeVisible();
  await expect(chart.locator('circle.trend-point')).toHaveCount(3);
  await expect(chart.locator('circle.trend-point.is-outside')).toHaveCount(1);
  const band = (await chart.locator('.recharts-reference-area-rect').boundingBox())!;
  const inside = (await chart.locator('circle.trend-point').nth(1).boundingBox())!;
  expect(inside.y + inside.height / 2).toBeGreaterThan(band.y);
  expect(inside.y + inside.height / 2).toBeLessThan(band.y + band.height);
  // Each point stands at the day its run counted as of.
  await expect(chart).toContainText('1 Jan 2021');
  await expect(chart).toContainText('1 Jul 2024');
  await editor.screenshot('history-01-trend-band', testInfo);

  // Picking the low point compares it with the run before, step by step.
  await chart.locator('circle.trend-point.is-outside').hover();
  await expect(page.locator('.trend-tip')).toContainText('v1 · manual · succeeded · outside the range');
  await chart.locator('circle.trend-point.is-outside').click();
  const compare = page.getByTestId('run-compare');
  await expect(compare).toBeVisible();
  await expect(compare.locator('tr', { hasText: 'Segment winback' })).toContainText('−');
  await expect(compare.locator('tbody tr')).toHaveCount(readFixture('winback').nodes.length + 2);
  // The two runs counted as of different days: the comparison says so.
  await expect(page.getByTestId('compare-as-of')).toContainText('as of 1 Jul 2024 and run B as of 1 Jan 2021');
  await editor.screenshot('history-02-compare', testInfo);

  // The alerts: on the workflow and under the bell.
  await page.getByRole('tab', { name: /^Alerts/ }).click();
  const list = page.getByRole('tabpanel').getByTestId('alert-list');
  await expect(list).toContainText('Outside expected range');
  await expect(list).toContainText('Segment changed');
  const bell = page.getByRole('button', { name: /^Alerts: \d+ unread/ });
  await expect(bell).toBeVisible();
  await bell.click();
  await expect(page.getByRole('dialog', { name: 'Alerts' })).toContainText(name);
  await editor.screenshot('history-03-alerts', testInfo);
});
