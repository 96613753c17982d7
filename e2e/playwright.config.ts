import { defineConfig, devices } from '@playwright/test';
import { ADMIN_STATE } from './support/accounts.ts';

// Playwright drives Debian's chromium (apt-get install -y chromium); browser downloads
// are not reachable from these machines, so no Playwright-managed browser is ever used.
const chromiumPath = process.env.SEGFLOW_CHROMIUM ?? '/usr/bin/chromium';
const port = Number(process.env.SEGFLOW_E2E_PORT ?? 4173);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: './specs',
  outputDir: 'test-results',
  // Specs share one server; each makes its own workflows, but runs queue on two cores.
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    ...devices['Desktop Chrome'],
    baseURL,
    viewport: { width: 1440, height: 900 },
    screenshot: 'on',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromiumPath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    // Signs in once through the real form and keeps the session cookie for the specs.
    { name: 'sign-in', testMatch: /sign-in\.setup\.ts/ },
    { name: 'chromium', dependencies: ['sign-in'], use: { storageState: ADMIN_STATE }, testIgnore: /\.setup\.ts/ },
    // A small laptop: the editor's layout specs again at 1024×768, where toolbar, panels and canvas compete for room.
    {
      name: 'small-screen',
      dependencies: ['sign-in'],
      use: { storageState: ADMIN_STATE, viewport: { width: 1024, height: 768 } },
      testMatch: /(layout|as-of|workflows|insight|plain-words|lookup|editor-structure|accessibility)\.spec\.ts/,
    },
  ],
  // The real server (apps/server) on a temporary data directory with the fixture
  // datasets, serving the freshly built web app: the specs test what users get.
  webServer: {
    command: `pnpm --filter @segflow/web build && PORT=${port} node support/serve.mjs`,
    url: `${baseURL}/api/health`,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
