import { request as playwrightRequest } from '@playwright/test';
import { expect, test } from '../fixtures/test.ts';
import { signInAs, snap } from '../support/sign-in.ts';

const unique = () => Date.now().toString(36);

test('an admin adds an editor and a viewer, changes a role, removes a user, and reads it all in the audit log', async ({ page, browser, request }, testInfo) => {
  const id = unique();
  const editor = { email: `editor-${id}@segflow.test`, password: `editor-pw-${id}` };
  const viewer = { email: `viewer-${id}@segflow.test`, password: `viewer-pw-${id}` };
  // Markup in an email is still an email to the server (the form's email field would not take it): it must show as typed.
  const odd = `<b>odd</b>-${id}@segflow.test`;
  expect((await request.post('/api/users', { data: { email: odd, password: `odd-pw-${id}`, role: 'publisher' } })).status()).toBe(201);

  await page.goto('/');
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('heading', { name: 'Users', level: 2 })).toBeVisible();

  const add = async (email: string, password: string, role: string) => {
    await page.getByRole('button', { name: 'Add user' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a user' });
    await dialog.getByLabel('Email').fill(email);
    await dialog.getByLabel('Temporary password').fill(password);
    await dialog.getByRole('radio', { name: new RegExp(`^${role}`) }).check();
    if (role === 'viewer') await snap(page, '01-add-user', testInfo);
    await dialog.getByRole('button', { name: 'Add user' }).click();
    const done = page.getByRole('dialog', { name: 'User added' });
    await expect(done).toContainText(`${email} can now sign in as ${role}`);
    await done.getByRole('button', { name: 'Done' }).click();
    await expect(done).toBeHidden();
  };
  await add(editor.email, editor.password, 'editor');
  await add(viewer.email, viewer.password, 'viewer');

  const table = page.getByTestId('users-table');
  await expect(table.getByTestId(`user-${editor.email}`).getByRole('combobox')).toHaveValue('editor');
  await expect(table.getByTestId(`user-${viewer.email}`).getByRole('combobox')).toHaveValue('viewer');
  await expect(table.getByText(odd, { exact: true })).toBeVisible();
  await expect(table.locator('b')).toHaveCount(0);
  // The admin's own row cannot be demoted or removed by a slip.
  const mine = table.getByTestId('user-e2e-admin@segflow.test');
  await expect(mine.getByRole('combobox')).toBeDisabled();
  await expect(mine.getByRole('button', { name: /^Remove/ })).toHaveCount(0);

  // A role change takes effect at once: the viewer, made a publisher, signs in as one.
  await table.getByRole('combobox', { name: `Role of ${viewer.email}` }).selectOption('publisher');
  const audit = page.getByTestId('audit-log');
  await expect(audit).toContainText(`changed ${viewer.email} from viewer to publisher`);
  const asPublisher = await signInAs(browser, testInfo, viewer);
  await expect(asPublisher.getByRole('banner')).toContainText(`${viewer.email} · publisher`);
  await asPublisher.context().close();
  await table.getByRole('combobox', { name: `Role of ${viewer.email}` }).selectOption('viewer');
  await expect(audit).toContainText(`changed ${viewer.email} from publisher to viewer`);

  await table.getByRole('button', { name: `Remove ${odd}` }).click();
  const confirm = page.getByRole('dialog', { name: 'Remove this user?' });
  await expect(confirm).toContainText(odd);
  await snap(page, '02-remove-confirm', testInfo);
  await confirm.getByRole('button', { name: 'Remove' }).click();
  await expect(table.getByText(odd, { exact: true })).toHaveCount(0);
  await expect(audit).toContainText(`removed ${odd} (publisher)`);
  await expect(audit).toContainText(`added ${editor.email} as editor`);
  await expect(audit.locator('tbody tr').first()).toContainText('e2e-admin@segflow.test');
  await snap(page, '03-users-and-audit', testInfo);

  // The new accounts sign in with the roles they were given.
  const asEditor = await signInAs(browser, testInfo, editor);
  await expect(asEditor.getByRole('banner')).toContainText(`${editor.email} · editor`);
  await expect(asEditor.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Users' })).toHaveCount(0);
  await asEditor.goto('/#/users');
  await expect(asEditor.getByRole('main')).toContainText('Only admins manage users');
  expect((await asEditor.request.get('/api/users')).status()).toBe(403);
  await asEditor.context().close();
});

test('an API token is shown once, works as a Bearer token, and stops working when revoked', async ({ page, baseURL }, testInfo) => {
  const name = `CI export ${unique()}`;
  await page.goto('/');
  await page.getByRole('banner').getByRole('link', { name: 'API tokens' }).click();
  await expect(page.getByRole('heading', { name: 'API tokens', level: 2 })).toBeVisible();

  const form = page.getByRole('form', { name: 'New API token' });
  await form.getByLabel('Name').fill(name);
  await form.getByRole('button', { name: 'Create token' }).click();
  const notice = page.getByRole('region', { name: 'Your new token' });
  await expect(notice).toContainText('cannot be shown again');
  const secret = await notice.getByRole('textbox', { name: 'New token' }).inputValue();
  expect(secret.length).toBeGreaterThan(20);
  await snap(page, '04-token-shown-once', testInfo);

  // A script with nothing but the token: no cookie, no browser.
  const script = await playwrightRequest.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const withToken = () => script.get('/api/workflows', { headers: { Authorization: `Bearer ${secret}` } });
  expect((await withToken()).status()).toBe(200);
  expect((await script.get('/api/workflows')).status()).toBe(401);

  // Shown once: after Done (or a reload) the secret is nowhere on the page; only its last characters are listed.
  await notice.getByRole('button', { name: 'Done' }).click();
  await expect(notice).toBeHidden();
  await page.reload();
  const row = page.getByTestId('tokens-table').locator('tr').filter({ hasText: name });
  await expect(row).toContainText(`…${secret.slice(-4)}`);
  expect(await page.content()).not.toContain(secret);
  await snap(page, '05-token-listed', testInfo);

  await row.getByRole('button', { name: `Revoke ${name}` }).click();
  const confirm = page.getByRole('dialog', { name: 'Revoke this token?' });
  await confirm.getByRole('button', { name: 'Revoke' }).click();
  await expect(page.getByTestId('tokens-table').locator('tr').filter({ hasText: name })).toHaveCount(0);

  const refused = await withToken();
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error.message).toContain('revoked');
  await script.dispose();
});
