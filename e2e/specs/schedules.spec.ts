import { expect, readFixture, test } from '../fixtures/test.ts';

test('schedules a published version in words, with its next times, and pauses it', async ({ page, editor, request }, testInfo) => {
  const name = `schedules ${Date.now().toString(36)}`;
  const workflow = await (await request.post('/api/workflows', { data: { name, document: { ...readFixture('winback'), name } } })).json();
  expect((await request.post(`/api/workflows/${workflow.id}/publish`, { data: {} })).status()).toBe(201);

  await editor.open(workflow.id);
  await page.getByRole('tab', { name: /^Schedules/ }).click();
  const form = page.getByRole('form', { name: 'New schedule' });
  // Chosen in words: no cron on the way.
  await expect(form.getByLabel('Cron expression', { exact: true })).toHaveCount(0);
  await form.getByLabel('Repeat', { exact: true }).selectOption({ label: 'Every week' });
  await form.getByLabel('On', { exact: true }).selectOption({ label: 'Monday' });
  await form.getByLabel('At', { exact: true }).fill('09:00');
  await form.getByLabel('Time zone').fill('Europe/Berlin');
  await expect(page.getByTestId('schedule-preview')).toContainText(/monday/i);
  await form.getByLabel('Repeat', { exact: true }).selectOption({ label: 'Every hour' });
  await expect(page.getByTestId('schedule-preview')).toContainText(/every hour/i);
  // Cron stays an option, starting from the rhythm chosen.
  await form.getByLabel('Repeat', { exact: true }).selectOption({ label: 'Custom (cron expression)' });
  await expect(form.getByLabel('Cron expression', { exact: true })).toHaveValue('0 * * * *');
  await form.getByLabel('Repeat', { exact: true }).selectOption({ label: 'Every day' });
  await form.getByLabel('At', { exact: true }).fill('02:00');
  await expect(page.getByTestId('schedule-preview')).toContainText('every day at 02:00 Europe/Berlin');
  await editor.screenshot('schedules-00-words', testInfo);
  await form.getByLabel('Time zone').fill('Mars/Base');
  await expect(page.getByTestId('schedule-preview')).toContainText('not a time zone');
  await form.getByLabel('Time zone').fill('Europe/Berlin');
  await expect(page.getByTestId('schedule-preview')).toContainText('Next:');
  await form.getByRole('button', { name: 'Add schedule' }).click();

  const table = page.getByTestId('schedules');
  await expect(table).toContainText('every day at 02:00 Europe/Berlin');
  await expect(table).toContainText('latest (v1)');
  await editor.screenshot('schedules-01-added', testInfo);
  await table.getByRole('button', { name: 'Pause' }).click();
  await expect(table).toContainText('paused');
  await expect(table.getByRole('button', { name: 'Resume' })).toBeVisible();
  await editor.screenshot('schedules-02-paused', testInfo);
});
