import { expect, test } from '../fixtures/test.ts';

test('opens the app and shows the Segflow header', async ({ appShell, page }, testInfo) => {
  await appShell.open();

  await expect(appShell.title).toBeVisible();
  await expect(appShell.main).toBeVisible();
  await expect(page).toHaveTitle('Segflow');
  await expect(page.getByRole('heading', { name: 'Workflows', level: 2 })).toBeVisible();

  const screenshot = await page.screenshot({ path: testInfo.outputPath('app-shell.png'), fullPage: true });
  await testInfo.attach('app-shell', { body: screenshot, contentType: 'image/png' });
});
