import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures/test.ts';

const insightTab = (page: Page) => page.getByRole('tab', { name: /^Insight/ });
const panel = (page: Page) => page.getByRole('tabpanel');

/** Adds a step to the selection as a person does: Ctrl-click. */
async function addToSelection(page: Page, id: string) {
  await page.getByTestId(`node-${id}`).click({ modifiers: ['Control'] });
}

test('breaks a step down by a column, then shows how steps overlap', async ({ page, editor, fromFixture }, testInfo) => {
  const id = await fromFixture('winback');
  await editor.open(id);
  await expect(editor.count('out_winback')).toBeVisible();
  const size = `${page.viewportSize()!.width}x${page.viewportSize()!.height}`;

  await insightTab(page).click();
  await expect(panel(page)).toContainText('Select a step on the canvas');

  // One step: its customers by a number column, as a histogram.
  await editor.select('big');
  const chart = page.getByTestId('breakdown-chart');
  await expect(chart).toBeVisible();
  await panel(page).getByLabel('Column to break down by').selectOption('spend');
  await expect(chart).toHaveAttribute('data-kind', 'histogram');
  await expect(chart.locator('.recharts-bar-rectangle').first()).toBeVisible();
  await editor.screenshot(`insight-histogram-${size}`, testInfo);

  // A text column: its most frequent values.
  await panel(page).getByLabel('Column to break down by').selectOption('country');
  await expect(chart).toHaveAttribute('data-kind', 'values');
  await expect(chart).toContainText('ES');
  await editor.screenshot(`insight-values-${size}`, testInfo);

  // Two steps: a Venn diagram and every region in words.
  await addToSelection(page, 'loyal');
  const regions = page.getByTestId('overlap-regions');
  await expect(page.getByTestId('overlap-chart')).toHaveAttribute('data-kind', 'venn');
  await expect(regions).toContainText('Only in Big spenders');
  await expect(regions).toContainText('Only in Loyal');
  await expect(regions).toContainText('In both');
  await editor.screenshot(`insight-venn-2-${size}`, testInfo);

  // Both regions that hold Loyal's customers add up to Loyal's count on the canvas.
  const count = async (label: string) => Number((await regions.getByRole('row', { name: new RegExp(`^${label}`) }).locator('td').innerText()).replace(/,/g, ''));
  const loyal = Number((await editor.count('loyal').innerText()).replace(/[^\d]/g, ''));
  expect((await count('Only in Loyal')) + (await count('In both'))).toBe(loyal);

  await addToSelection(page, 'recent');
  await expect(regions).toContainText('In all 3');
  await expect(page.getByTestId('overlap-chart').locator('.recharts-reference-dot')).toHaveCount(3);
  await editor.screenshot(`insight-venn-3-${size}`, testInfo);

  // Four steps: an UpSet chart.
  await addToSelection(page, 'gone_quiet');
  await expect(page.getByTestId('overlap-chart')).toHaveAttribute('data-kind', 'upset');
  await expect(page.getByTestId('overlap-chart').locator('.recharts-bar-rectangle').first()).toBeVisible();
  await editor.screenshot(`insight-upset-${size}`, testInfo);

  // Events are not customers: said in words, nothing asked of the server.
  await addToSelection(page, 'orders');
  await expect(panel(page)).toContainText('“Orders” holds events, not customers');
});
