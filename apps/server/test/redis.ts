import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../scripts/redis-test-server.sh');

/**
 * A throwaway Redis on 127.0.0.1 (scripts/redis-test-server.sh, which installs
 * Debian's redis-server when missing). A missing one is a failure, not a skip.
 */
export function startRedis() {
  const url = execFileSync('bash', [SCRIPT, 'start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 600_000 }).trim().split('\n').pop()!;
  if (!/^redis:\/\/127\.0\.0\.1:\d+$/.test(url)) throw new Error(`redis-test-server.sh printed no loopback URL: ${url}`);
  return { url, stop: () => execFileSync('bash', [SCRIPT, 'stop', url], { stdio: 'inherit' }) };
}

export type Redis = ReturnType<typeof startRedis>;
