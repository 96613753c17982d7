import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../scripts/postgres-test-server.sh');

/**
 * Starts a throwaway PostgreSQL cluster on 127.0.0.1 (installing Debian's
 * postgresql when missing) and returns its URL. Throws loudly when it cannot:
 * CI installs postgres, so a missing one is a failure, never a skip.
 */
export function startPostgres(): { url: string; stop(): void } {
  let url: string;
  try {
    url = execFileSync('bash', [SCRIPT, 'start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 600_000 }).trim().split('\n').pop()!;
  } catch (error) {
    throw new Error(`Could not start a test PostgreSQL with scripts/postgres-test-server.sh (install it with: apt-get install -y postgresql): ${(error as Error).message}`);
  }
  if (!/^postgres:\/\/[^@]+@127\.0\.0\.1:\d+\//.test(url)) throw new Error(`postgres-test-server.sh printed no loopback URL: ${url}`);
  return { url, stop: () => execFileSync('bash', [SCRIPT, 'stop', url], { stdio: 'inherit' }) };
}
