import { expect, test } from '../fixtures/test.ts';

test('lists datasets with rows and columns and uploads a new one with progress', async ({ page, editor }, testInfo) => {
  await page.goto('/#/datasets');
  const customers = page.locator('tr').filter({ hasText: 'customers.csv' });
  await expect(customers).toContainText('400');
  await customers.getByText('6 columns').click();
  await expect(customers).toContainText('income');

  const name = `stores_${Date.now().toString(36)}.csv`;
  const csv = ['store_id,city,opened', ...Array.from({ length: 50 }, (_, i) => `${i + 1},City ${i},2020-01-${String((i % 28) + 1).padStart(2, '0')}`)].join('\n');
  await page.getByLabel('Upload dataset').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(`${csv}\n`) });
  const upload = page.getByRole('list', { name: 'Uploads' }).locator('li').filter({ hasText: name });
  await expect(upload.getByRole('progressbar')).toBeVisible();
  await expect(upload).toContainText('Done');
  const row = page.locator('tr').filter({ hasText: name });
  await expect(row).toContainText('50');
  await row.getByText('3 columns').click();
  await expect(row).toContainText('opened');
  await expect(row).toContainText('date');
  await editor.screenshot('datasets', testInfo);
});
