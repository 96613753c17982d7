import { readFileSync } from 'node:fs';
import { expect, test } from '../fixtures/test.ts';

test('New workflow asks for a name and saves nothing until it is confirmed', async ({ page, workflows, request }) => {
  const names = async () => ((await (await request.get('/api/workflows')).json()).workflows as { name: string }[]).map((w) => w.name);
  const before = (await names()).length;
  const name = `Not made ${Date.now().toString(36)}`;
  await workflows.open();
  await workflows.newButton.click();
  await workflows.newDialog.getByRole('textbox', { name: 'Name' }).fill(name);
  await workflows.newDialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(workflows.newDialog).toBeHidden();
  await workflows.newButton.click();
  await expect(workflows.newDialog.getByRole('button', { name: 'Create workflow' })).toBeDisabled();
  await page.keyboard.press('Escape');
  await expect(workflows.newDialog).toBeHidden();
  await expect(page).toHaveURL(/#\/$/);
  expect(await names()).toHaveLength(before);
  expect(await names()).not.toContain(name);
});

test('creates, renames, duplicates and deletes a workflow', async ({ page, workflows, editor }, testInfo) => {
  const name = `Spring sale ${Date.now().toString(36)}`;
  await workflows.open();
  await workflows.create(name);
  await expect(page).toHaveURL(/#\/workflows\/wf_/);
  await expect(page.getByRole('toolbar', { name: 'Workflow' }).getByRole('textbox', { name: 'Workflow name' })).toHaveValue(name);
  await editor.expectSaved();

  await workflows.open();
  await expect(workflows.row(name)).toBeVisible();
  const renamed = `${name} (renamed)`;
  await workflows.rename(name, renamed);
  await expect(workflows.row(renamed)).toBeVisible();

  await page.getByRole('button', { name: `Duplicate ${renamed}` }).click();
  const copy = `${renamed} (copy)`;
  await expect(workflows.row(copy)).toBeVisible();
  await editor.screenshot('workflows-list', testInfo);

  await page.getByRole('button', { name: `Delete ${copy}` }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete workflow?' });
  await expect(dialog).toContainText(copy);
  await editor.screenshot('delete-confirm', testInfo);
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(workflows.row(copy)).toHaveCount(0);
  await expect(workflows.row(renamed)).toBeVisible();
});

test('exports a workflow as JSON and imports it back as a new one', async ({ page, workflows, fromFixture }) => {
  const id = await fromFixture('winback');
  const { name } = await (await page.request.get(`/api/workflows/${id}`)).json();
  await workflows.open();
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: `Export ${name}` }).click();
  const file = await (await download).path();
  const exported = JSON.parse(readFileSync(file, 'utf8'));
  expect(exported.nodes.map((n: { id: string }) => n.id)).toContain('out_winback');

  const imported = { ...exported, name: `${name} imported` };
  await page.getByLabel('Import workflow file').setInputFiles({ name: 'winback.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(imported)) });
  await expect(page).toHaveURL(/#\/workflows\/wf_/);
  await expect(page.getByRole('toolbar', { name: 'Workflow' }).getByRole('textbox', { name: 'Workflow name' })).toHaveValue(`${name} imported`);
  await expect(page.getByTestId('node-out_winback')).toBeVisible();
});
