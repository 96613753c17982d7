import { expect, test } from '../fixtures/test.ts';

const PAYLOAD = `<img src=x onerror="window.__pwned=1">"><script>window.__pwned=2</script>`;

test('shows labels, names and column names exactly as typed, never as markup', async ({ page, editor, fromFixture }, testInfo) => {
  page.on('dialog', () => {
    throw new Error('a script opened a dialog');
  });
  // A dataset whose column name is markup.
  const csv = `customer_id,"${PAYLOAD.replaceAll('"', '""')}"\n1,a\n2,b\n`;
  const dataset = `odd_${Date.now().toString(36)}.csv`;
  await page.goto('/#/datasets');
  await page.getByLabel('Upload dataset').setInputFiles({ name: dataset, mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.locator('tr').filter({ hasText: dataset })).toBeVisible({ timeout: 20_000 });

  const id = await fromFixture('cycle');
  await editor.open(id);
  await page.getByRole('toolbar', { name: 'Workflow' }).getByRole('textbox', { name: 'Workflow name' }).fill(PAYLOAD);
  await editor.select('french');
  await editor.inspector.getByRole('textbox', { name: 'Step name' }).fill(PAYLOAD);
  await expect(editor.node('french')).toContainText(PAYLOAD);
  await editor.select('customers');
  await editor.inspector.getByRole('combobox', { name: 'Dataset' }).selectOption(dataset);
  await editor.inspector.getByText(/^2 columns · 2 rows/).click();
  await expect(editor.inspector).toContainText(PAYLOAD);
  await editor.expectSaved();
  await editor.screenshot('payload-as-text', testInfo);

  await page.goto('/#/');
  await expect(page.getByRole('link', { name: PAYLOAD, exact: true })).toBeVisible();
  expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.locator('img[src="x"]').count()).toBe(0);
});
