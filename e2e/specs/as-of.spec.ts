import { expect, test } from '../fixtures/test.ts';

const AS_OF = '2024-07-01';

test('the as-of date is saved with the workflow and shared by the toolbar, the run panel, runs and history', async ({ page, editor, fromFixture, request }, testInfo) => {
  test.setTimeout(120_000);
  const id = await fromFixture('winback');
  await editor.open(id);
  const toolbarDate = page.getByRole('toolbar', { name: 'Workflow' }).getByRole('textbox', { name: 'As of date' });
  // Without a date of its own a workflow counts as of today, and says so.
  await expect(toolbarDate).toHaveValue('');
  await expect(page.getByRole('toolbar', { name: 'Workflow' })).toContainText('today');

  await toolbarDate.fill(AS_OF);
  await editor.expectSaved();
  await expect(editor.count('out_winback')).toBeVisible();
  const counted = await editor.count('out_winback').textContent();
  const saved = await (await request.get(`/api/workflows/${id}`)).json();
  expect(saved.document.run.asOf).toBe(AS_OF);

  // A reload keeps the date, and with it the same counts.
  await page.reload();
  await expect(toolbarDate).toHaveValue(AS_OF);
  await expect(editor.count('out_winback')).toHaveText(counted!);

  // The run panel shows the same date; changing it there changes it everywhere.
  await page.getByRole('toolbar', { name: 'Workflow' }).getByRole('button', { name: 'Run', exact: true }).click();
  const panel = page.getByRole('tabpanel');
  const panelDate = panel.getByRole('textbox', { name: 'As of date' });
  await expect(panelDate).toHaveValue(AS_OF);
  await panelDate.fill('2024-06-30');
  await expect(toolbarDate).toHaveValue('2024-06-30');
  await panelDate.fill(AS_OF);
  await editor.expectSaved();

  // The run uses the date, and history shows it.
  await panel.getByRole('button', { name: 'Start run' }).click();
  await expect(panel.getByTestId('run-summary')).toContainText('succeeded', { timeout: 60_000 });
  await expect(panel.getByTestId('run-summary')).toContainText('as of 1 Jul 2024');
  await editor.tab('History').click();
  await expect(page.getByTestId('run-history').getByTestId('run-as-of').first()).toHaveText('1 Jul 2024');

  // Publishing compares sizes only with a run of the same day.
  await toolbarDate.fill('2023-01-01');
  await page.getByRole('button', { name: 'Publish…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Publish the first version' });
  await expect(dialog.getByTestId('as-of-mismatch')).toContainText('as of 1 Jul 2024 and the preview counts as of 1 Jan 2023');
  await expect(dialog.getByTestId('segment-changes')).toContainText('other day');
  await editor.screenshot('as-of-publish-mismatch', testInfo);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await toolbarDate.fill(AS_OF);
  await page.getByRole('button', { name: 'Publish…' }).click();
  await expect(dialog.getByTestId('as-of-mismatch')).toHaveCount(0);
  await expect(dialog.getByTestId('segment-changes')).not.toContainText('other day');
});
