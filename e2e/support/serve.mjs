// Starts the real Segflow server for the specs: a fresh temporary data directory
// holding the fixture datasets, no demo data, and the built web app served by the
// server itself. Removed again when Playwright stops it.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, '..', 'fixtures', 'datasets');
const dataDir = mkdtempSync(join(tmpdir(), 'segflow-e2e-'));
mkdirSync(join(dataDir, 'datasets'));
for (const file of readdirSync(fixtures)) if (file.endsWith('.csv')) copyFileSync(join(fixtures, file), join(dataDir, 'datasets', file));
// Tells specs where the data lives, so they can change files on disk as an operator would (support/data-dir.ts reads it).
const infoFile = join(tmpdir(), `segflow-e2e-${process.env.PORT ?? 4173}.json`);
writeFileSync(infoFile, JSON.stringify({ dataDir }));

const server = spawn('pnpm', ['--filter', '@segflow/server', 'start'], {
  cwd: join(here, '..', '..'),
  // The admin matches support/accounts.ts; the specs sign in as it.
  env: {
    ...process.env,
    SEGFLOW_DEMO: 'off',
    SEGFLOW_DATA_DIR: dataDir,
    SEGFLOW_ADMIN_EMAIL: 'e2e-admin@segflow.test',
    SEGFLOW_ADMIN_PASSWORD: 'e2e-admin-password',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  },
  stdio: 'inherit',
});

const cleanUp = () => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(infoFile, { force: true });
};
server.on('exit', (code) => {
  cleanUp();
  process.exit(code ?? 0);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
