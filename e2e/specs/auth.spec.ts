import { expect, test } from '../fixtures/test.ts';
import { E2E_ADMIN } from '../support/accounts.ts';

test.describe('signed out', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('asks to sign in, refuses a wrong password, and lets the right one in', async ({ page, editor }, testInfo) => {
    await page.goto('/');
    const form = page.getByRole('form', { name: 'Sign in' });
    await expect(form).toBeVisible();
    await expect(page.getByRole('link', { name: 'Datasets' })).toHaveCount(0);
    await form.getByLabel('Email').fill(E2E_ADMIN.email);
    await form.getByLabel('Password').fill('not the password');
    await form.getByRole('button', { name: 'Sign in' }).click();
    await expect(form.getByRole('alert')).toContainText('do not match');
    await editor.screenshot('sign-in', testInfo);

    await form.getByLabel('Password').fill(E2E_ADMIN.password);
    await form.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Workflows', level: 2 })).toBeVisible();
    await expect(page.getByRole('banner')).toContainText(`${E2E_ADMIN.email} · admin`);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('form', { name: 'Sign in' })).toBeVisible();
  });
});
