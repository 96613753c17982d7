import { expect, readFixture, test } from '../fixtures/test.ts';
import { EditorPage } from '../pages/editor.page.ts';
import { createAccount, signInAs, snap } from '../support/sign-in.ts';

test('a viewer looks at a workflow read-only, and the server refuses a forced edit', async ({ browser, request, fromFixture }, testInfo) => {
  const viewer = await createAccount(request, 'viewer');
  const id = await fromFixture('winback');
  const page = await signInAs(browser, testInfo, viewer);
  const editor = new EditorPage(page);
  const saves: string[] = [];
  const refused: string[] = [];
  page.on('request', (r) => {
    if (r.method() !== 'GET' && /\/api\/workflows\//.test(r.url())) saves.push(`${r.method()} ${r.url()}`);
  });
  // The UI asks only for what the role may have: not one refusal while the viewer looks around.
  page.on('response', (r) => {
    if (r.url().includes('/api/') && r.status() >= 400) refused.push(`${r.status()} ${r.request().method()} ${r.url()}`);
  });

  // The list offers nothing a viewer may not do.
  await expect(page.getByRole('button', { name: 'New workflow' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Import JSON' })).toHaveCount(0);

  await editor.open(id);
  const toolbar = page.getByRole('toolbar', { name: 'Workflow' });
  await expect(toolbar.getByTestId('view-only')).toHaveText('View only');
  await expect(toolbar.getByRole('textbox', { name: 'Workflow name' })).not.toBeEditable();
  for (const name of ['Undo', 'Redo', 'Tidy layout', 'Import', 'Publish…', 'Run']) await expect(toolbar.getByRole('button', { name, exact: true })).toHaveCount(0);
  await expect(toolbar.getByRole('button', { name: 'Export' })).toBeVisible();
  await expect(editor.palette).toHaveCount(0);
  await expect(editor.saveState).toHaveCount(0);

  // Looking and selecting work: the inspector shows the step's settings, unchangeable.
  await editor.select('big');
  await expect(editor.inspector.getByRole('textbox', { name: 'Step name' })).toHaveValue('Big spenders');
  await expect(editor.inspector.getByRole('textbox', { name: 'Step name' })).not.toBeEditable();
  const settings = editor.inspector.getByRole('group', { name: 'Settings (view only)' });
  await expect(settings).toHaveAttribute('disabled', '');
  await expect(settings.getByRole('combobox').first()).toBeDisabled();
  await expect(settings.getByRole('button')).toHaveCount(0);
  await expect(editor.inspector.getByRole('button', { name: 'Delete step' })).toHaveCount(0);

  // Keys and the mouse change nothing either.
  // Dragging a step pans the view instead: the steps keep their places relative to each other.
  const offset = async () => {
    const [a, b] = [await editor.node('big').boundingBox(), await editor.node('customers').boundingBox()];
    return { x: Math.round(a!.x - b!.x), y: Math.round(a!.y - b!.y) };
  };
  const before = await offset();
  await editor.moveNode('big', { x: 120, y: 80 });
  expect(await offset()).toEqual(before);
  await page.keyboard.press('Delete');
  await page.keyboard.press('Control+v');
  await expect(editor.node('big')).toBeVisible();
  await expect(page.locator('.react-flow__node')).toHaveCount(readFixture('winback').nodes.length);

  // Runs can be followed, not started; members need a role that may preview.
  await editor.tab('Run').click();
  await expect(page.getByRole('tabpanel').getByRole('button', { name: 'Start run' })).toBeDisabled();
  await expect(page.getByRole('tabpanel')).toContainText('Your role may look at runs but not start them.');
  // Measuring the modes runs the workflow on a sample: not offered to a viewer, even under Advanced.
  await page.getByRole('tabpanel').getByText('Advanced', { exact: true }).click();
  await expect(page.getByRole('region', { name: 'Compare modes' })).toHaveCount(0);
  await editor.tab('Members').click();
  await expect(page.getByRole('tabpanel')).toContainText('Your role may not preview');
  await snap(page, '01-viewer-editor', testInfo);
  // Every panel a viewer is offered opens without a refusal (checked below with the responses).
  const tabs = page.getByRole('tablist').getByRole('tab');
  for (let i = 0; i < (await tabs.count()); i++) {
    await tabs.nth(i).click();
    await expect(tabs.nth(i)).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('tabpanel')).not.toContainText('Loading');
  }

  // Nothing was sent; and a forced edit, with the viewer's own session, is refused by the server.
  expect(saves).toEqual([]);
  expect(refused).toEqual([]);
  const draft = await (await page.request.get(`/api/workflows/${id}`)).json();
  const forced = await page.request.put(`/api/workflows/${id}`, { data: { name: 'Changed by a viewer', document: draft.document, revision: draft.revision } });
  expect(forced.status()).toBe(403);
  expect((await forced.json()).error).toMatchObject({ code: 'forbidden', details: { needs: 'editor', role: 'viewer' } });
  expect((await page.request.delete(`/api/workflows/${id}`)).status()).toBe(403);
  expect((await (await request.get(`/api/workflows/${id}`)).json()).name).toBe(draft.name);
  await page.context().close();
});

test('an editor edits and runs drafts but is not offered publishing or users', async ({ browser, request, fromFixture }, testInfo) => {
  const account = await createAccount(request, 'editor');
  const id = await fromFixture('winback');
  const page = await signInAs(browser, testInfo, account);
  const editor = new EditorPage(page);
  await expect(page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Users' })).toHaveCount(0);

  await editor.open(id);
  const toolbar = page.getByRole('toolbar', { name: 'Workflow' });
  await expect(toolbar.getByTestId('view-only')).toHaveCount(0);
  await expect(toolbar.getByRole('button', { name: 'Run', exact: true })).toBeVisible();
  await expect(toolbar.getByRole('button', { name: 'Publish…' })).toHaveCount(0);
  await expect(editor.palette).toBeVisible();

  await editor.select('big');
  await editor.inspector.getByRole('textbox', { name: 'Step name' }).fill('Big spenders (edited)');
  await expect(editor.node('big')).toContainText('Big spenders (edited)');
  await editor.expectSaved();
  await snap(page, '02-editor-editor', testInfo);

  await page.goto('/#/datasets');
  await expect(page.locator('tr').filter({ hasText: 'customers.csv' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Delete / })).toHaveCount(0);

  // What the UI does not offer, the server refuses.
  const published = await page.request.post(`/api/workflows/${id}/publish`, { data: { note: 'not mine to publish' } });
  expect(published.status()).toBe(403);
  expect((await published.json()).error.details).toMatchObject({ needs: 'publisher', role: 'editor' });
  await page.context().close();
});

test('a publisher is offered publishing; an admin also users', async ({ page, browser, request, fromFixture }, testInfo) => {
  const account = await createAccount(request, 'publisher');
  const id = await fromFixture('winback');
  const asPublisher = await signInAs(browser, testInfo, account);
  await new EditorPage(asPublisher).open(id);
  await expect(asPublisher.getByRole('toolbar', { name: 'Workflow' }).getByRole('button', { name: 'Publish…' })).toBeVisible();
  await expect(asPublisher.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Users' })).toHaveCount(0);
  await asPublisher.context().close();

  await page.goto('/');
  await expect(page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Users' })).toBeVisible();
  await snap(page, '03-admin-nav', testInfo);

  // Deleting a dataset is an admin's: offered to the admin, with a confirmation, and logged.
  const dataset = `old_list_${Date.now().toString(36)}.csv`;
  const uploaded = await request.post('/api/datasets', { multipart: { file: { name: dataset, mimeType: 'text/csv', buffer: Buffer.from('customer_id,x\n1,a\n') } } });
  expect(uploaded.ok()).toBe(true);
  await page.goto('/#/datasets');
  await page.getByRole('button', { name: `Delete ${dataset}` }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete this dataset?' });
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(confirm).toBeHidden();
  await expect(page.locator('tr').filter({ hasText: dataset })).toHaveCount(0);
  await page.goto('/#/users');
  await expect(page.getByTestId('audit-log')).toContainText(`deleted the dataset ${dataset}`);
});
