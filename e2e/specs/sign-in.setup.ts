import { expect, test as setup } from '@playwright/test';
import { ADMIN_STATE, E2E_ADMIN } from '../support/accounts.ts';

setup('signs in as the e2e admin', async ({ page }) => {
  await page.goto('/');
  const form = page.getByRole('form', { name: 'Sign in' });
  await expect(form).toBeVisible();
  await form.getByLabel('Email').fill(E2E_ADMIN.email);
  await form.getByLabel('Password').fill(E2E_ADMIN.password);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Workflows', level: 2 })).toBeVisible();
  await page.context().storageState({ path: ADMIN_STATE });
});
