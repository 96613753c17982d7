import { expect, test } from '../fixtures/test.ts';

test('says clearly when someone else saved first, and keeps both choices open', async ({ page, editor, fromFixture }, testInfo) => {
  const id = await fromFixture('winback');
  await editor.open(id);
  await editor.expectSaved();

  // Someone else saves the draft (another tab, another person).
  const current = await (await page.request.get(`/api/workflows/${id}`)).json();
  const theirs = await page.request.put(`/api/workflows/${id}`, { data: { name: 'Renamed elsewhere', document: current.document, revision: current.revision } });
  expect(theirs.ok()).toBe(true);

  await editor.select('loyal');
  await editor.inspector.getByRole('textbox', { name: 'Step name' }).fill('Very loyal');
  const banner = page.getByTestId('conflict-banner');
  await expect(banner).toContainText('changed somewhere else');
  await expect(editor.saveState).toContainText('Not saved');
  await expect(editor.node('loyal')).toContainText('Very loyal');
  await editor.screenshot('01-conflict', testInfo);

  // Keep mine: saved over their revision, nothing of ours lost.
  await banner.getByRole('button', { name: 'Keep mine and overwrite' }).click();
  await editor.expectSaved();
  await expect(banner).toBeHidden();
  const saved = await (await page.request.get(`/api/workflows/${id}`)).json();
  expect(saved.document.nodes.find((n: { id: string }) => n.id === 'loyal').label).toBe('Very loyal');

  // And the other way: load theirs.
  const again = await page.request.put(`/api/workflows/${id}`, { data: { name: 'Theirs', document: saved.document, revision: saved.revision } });
  expect(again.ok()).toBe(true);
  await editor.inspector.getByRole('textbox', { name: 'Step name' }).fill('Mine only');
  await expect(banner).toBeVisible();
  await banner.getByRole('button', { name: 'Load their version' }).click();
  await expect(banner).toBeHidden();
  await expect(page.getByRole('toolbar', { name: 'Workflow' }).getByRole('textbox', { name: 'Workflow name' })).toHaveValue('Theirs');
  await expect(editor.node('loyal')).toContainText('Very loyal');
  await editor.expectSaved();
});
