import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The data directory of the e2e server, as support/serve.mjs wrote it down: for
 * specs that change files on disk the way an operator would (fixing a dataset).
 */
export function serverDataDir(): string {
  const port = process.env.SEGFLOW_E2E_PORT ?? 4173;
  const file = join(tmpdir(), `segflow-e2e-${port}.json`);
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { dataDir: string }).dataDir;
  } catch {
    throw new Error(`${file} is missing: start the e2e server with support/serve.mjs (it writes where its data is).`);
  }
}
