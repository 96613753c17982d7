import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures/test.ts';

const insightTab = (page: Page) => page.getByRole('tab', { name: /^Insight/ });
const panel = (page: Page) => page.getByRole('tabpanel');

/** Adds a step to the selection as a person does: Ctrl-click. */
/**
 * Ctrl+Enter on the focused step adds it to the selection. A Ctrl-click could land on
 * a neighbour's ports: at 1024x768 the zoomed-out steps of this workflow overlap.
 */
async function addToSelection(page: Page, id: string) {
  const node = page.getByTestId(`rf__node-${id}`);
  await node.focus();
  await page.keyboard.down('Control');
  await page.keyboard.press('Enter');
  await page.keyboard.up('Control');
  await expect(node).toHaveClass(/selected/);
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
  // Most of the 15 combinations are empty: one line says so.
  await expect(regions).toContainText(/\d+ other combinations/);
  await editor.screenshot(`insight-upset-${size}`, testInfo);

  // Events are not customers: said in words, nothing asked of the server.
  await addToSelection(page, 'orders');
  await expect(panel(page)).toContainText('“Orders” holds events, not customers');
});

test('starts a workflow from a template on the datasets present, saving nothing until confirmed', async ({ page, workflows, editor }, testInfo) => {
  const size = `${page.viewportSize()!.width}x${page.viewportSize()!.height}`;
  const name = `Carts ${Date.now().toString(36)}`;
  await workflows.open();
  await workflows.newButton.click();
  const dialog = workflows.newDialog;
  await dialog.getByRole('textbox', { name: 'Name' }).fill(name);
  await expect(dialog.getByRole('combobox', { name: 'Profiles dataset' })).toHaveValue('customers.csv');
  await expect(dialog.getByRole('combobox', { name: 'Events dataset' })).toHaveValue('orders.csv');
  // Every template the fixture's columns allow is offered; one reading events from the profiles is not.
  await dialog.getByRole('combobox', { name: 'Events dataset' }).selectOption('customers.csv');
  await expect(dialog.getByRole('radio', { name: /^Cart abandonment/ })).toBeDisabled();
  await expect(dialog).toContainText('Not available with these datasets: Needs an event type column in the events');
  await dialog.getByRole('combobox', { name: 'Events dataset' }).selectOption('orders.csv');
  await dialog.getByRole('radio', { name: /^Cart abandonment/ }).check();
  await editor.screenshot(`template-dialog-${size}`, testInfo);

  // Cancelled: nothing saved.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(workflows.row(name)).toHaveCount(0);

  await workflows.newButton.click();
  await dialog.getByRole('textbox', { name: 'Name' }).fill(name);
  await dialog.getByRole('radio', { name: /^Cart abandonment/ }).check();
  await dialog.getByRole('button', { name: 'Create workflow' }).click();
  await expect(editor.canvas).toBeVisible();
  await expect(editor.node('abandoned')).toBeVisible();
  await expect(editor.count('out_cart')).toBeVisible();
  await editor.screenshot(`template-created-${size}`, testInfo);
  // No step has an error: the template's columns exist in the fixture's datasets.
  await expect(page.locator('.sf-node.has-errors')).toHaveCount(0);
});
