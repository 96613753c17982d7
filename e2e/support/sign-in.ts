import { expect, type APIRequestContext, type Browser, type Page, type TestInfo } from '@playwright/test';

export type Role = 'viewer' | 'editor' | 'publisher' | 'admin';

export interface Account {
  email: string;
  password: string;
  role: Role;
}

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** A fresh account, made through the admin API with the signed-in admin's request context. */
export async function createAccount(request: APIRequestContext, role: Role): Promise<Account> {
  const account: Account = { email: `${role}-${unique()}@segflow.test`, password: `pw-${role}-${unique()}`, role };
  const response = await request.post('/api/users', { data: account });
  if (!response.ok()) throw new Error(`creating a ${role}: ${response.status()} ${await response.text()}`);
  return account;
}

/**
 * Signs in through the real form in a browser context of its own (no admin
 * cookie), as the given account; the page is left on the workflows list.
 */
export async function signInAs(browser: Browser, testInfo: TestInfo, account: Pick<Account, 'email' | 'password'>): Promise<Page> {
  const context = await browser.newContext({
    baseURL: testInfo.project.use.baseURL,
    viewport: { width: 1440, height: 900 },
    storageState: { cookies: [], origins: [] },
  });
  const page = await context.newPage();
  await page.goto('/');
  const form = page.getByRole('form', { name: 'Sign in' });
  await form.getByLabel('Email').fill(account.email);
  await form.getByLabel('Password').fill(account.password);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Workflows', level: 2 })).toBeVisible();
  return page;
}

/** A screenshot of any page, kept with the test's results. */
export async function snap(page: Page, name: string, testInfo: TestInfo) {
  const body = await page.screenshot({ path: testInfo.outputPath(`${name}.png`) });
  await testInfo.attach(name, { body, contentType: 'image/png' });
}
