import { execFileSync, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../scripts/postgres-test-server.sh');

/** The newest psql of Debian's postgresql packages (the script installs them when missing). */
function psqlPath(): string {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const path = `/usr/lib/postgresql/${v}/bin/psql`;
    try {
      execFileSync(path, ['--version'], { stdio: 'ignore' });
      return path;
    } catch {
      /* next */
    }
  }
  throw new Error('no psql under /usr/lib/postgresql');
}

/**
 * A throwaway PostgreSQL cluster on 127.0.0.1 (scripts/postgres-test-server.sh),
 * queried with psql. CI installs postgres; a missing one is a failure, not a skip.
 */
export function startPostgres() {
  const url = execFileSync('bash', [SCRIPT, 'start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 600_000 }).trim().split('\n').pop()!;
  if (!/^postgres:\/\/[^@]+@127\.0\.0\.1:\d+\//.test(url)) throw new Error(`postgres-test-server.sh printed no loopback URL: ${url}`);
  const psql = psqlPath();
  const query = (text: string) => execFileSync(psql, [url, '-At', '-v', 'ON_ERROR_STOP=1', '-c', text], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return {
    url,
    /** The first column of every row, as text; undefined when the table does not exist. */
    column(table: string, column: string): string[] | undefined {
      if (query(`SELECT to_regclass('public.${table}') IS NOT NULL`).trim() !== 't') return undefined;
      return query(`SELECT ${column} FROM ${table}`).split('\n').filter(Boolean);
    },
    /** Each row's first column, as text. */
    rows: (text: string) => query(text).split('\n').filter(Boolean),
    /**
     * Locks `table` from a session of its own until the returned function ends
     * that session: statements reading the table wait meanwhile.
     */
    async holdLock(table: string): Promise<() => void> {
      const child = spawn(psql, [url, '-c', `BEGIN; LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(600)`], { stdio: 'ignore', env: { ...process.env, PGAPPNAME: 'segflow_test_lock' } });
      const held = () => query("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'segflow_test_lock' AND query LIKE '%pg_sleep%'").trim() === '1';
      for (let i = 0; i < 200 && !held(); i++) await new Promise((r) => setTimeout(r, 25));
      return () => {
        query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'segflow_test_lock'");
        child.kill();
      };
    },
    /** Runs statements as the superuser (test set-up: views, schemas, grants). */
    exec: (text: string) => void query(text),
    stop: () => execFileSync('bash', [SCRIPT, 'stop', url], { stdio: 'inherit' }),
  };
}

export type Postgres = ReturnType<typeof startPostgres>;
