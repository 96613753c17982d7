#!/usr/bin/env node
import { randomBytes } from 'node:crypto';
import { runCli, segflowCli } from '@segflow/engine/node';
import { newUserSchema } from './auth/account-schema.ts';
import { hashPassword } from './auth/passwords.ts';
import { isRole, ROLES } from './auth/roles.ts';
import { dataDirFromEnv } from './config.ts';
import { dataPaths } from './services/data-paths.ts';
import { auditStore } from './store/audit.store.ts';
import { openStore } from './store/database.ts';
import { userStore } from './store/users.store.ts';
import { workerCommand } from './queue/worker-command.ts';

/**
 * `pnpm segflow`: the engine's CLI (validate, run, generate, demo) plus what
 * needs the server's data directory (SEGFLOW_DATA_DIR, default ./data).
 *
 * @example
 *   pnpm segflow users add ci@example.com --role editor --password-stdin < password.txt
 */
const USAGE = `usage:
  segflow users add EMAIL --role ${ROLES.join('|')} [--password-stdin]
      without --password-stdin a password is made up and printed once
  segflow worker
      executes queued runs (queue mode): needs SEGFLOW_REDIS_URL and the servers' SEGFLOW_DATA_DIR;
      SEGFLOW_WORKER_CONCURRENCY runs at once (default 1)
  segflow validate | run | generate | demo …   (the engine's commands, below)`;

class Usage extends Error {}

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return text.replace(/\r?\n$/, '');
}

async function addUser(argv: string[]): Promise<number> {
  const positional: string[] = [];
  let role: string | undefined;
  let fromStdin = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--password-stdin') fromStdin = true;
    else if (arg === '--role' || arg.startsWith('--role=')) role = arg === '--role' ? argv[++i] : arg.slice('--role='.length);
    else if (arg.startsWith('--')) throw new Usage(`unknown option ${arg}`);
    else positional.push(arg);
  }
  if (positional.length !== 1) throw new Usage('expected exactly one EMAIL');
  if (!isRole(role)) throw new Usage(`--role must be one of ${ROLES.join(', ')}`);
  const made = fromStdin ? undefined : randomBytes(15).toString('base64url');
  const parsed = newUserSchema.safeParse({ email: positional[0], role, password: made ?? (await readStdin()) });
  if (!parsed.success) throw new Usage(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));

  const paths = dataPaths(dataDirFromEnv());
  // SQLite with WAL and a busy timeout: safe while the server runs on the same directory.
  const db = openStore(paths.database);
  try {
    const users = userStore(db);
    const user = users.create({ email: parsed.data.email, role: parsed.data.role, passwordHash: await hashPassword(parsed.data.password) });
    if (!user) {
      process.stderr.write(`segflow: there is an account for ${parsed.data.email} already (in ${paths.root})\n`);
      return 1;
    }
    auditStore(db).record({ actor: null, action: 'user.create', target: user.id, details: { email: user.email, role: user.role, by: 'cli' } });
    process.stdout.write(`Added ${user.role} ${user.email} to ${paths.root}.\n${made ? `Password: ${made}\n` : ''}`);
    return 0;
  } finally {
    db.close();
  }
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === undefined) process.stderr.write(`${USAGE}\n`);
  if (argv[0] === 'worker') return workerCommand();
  if (argv[0] !== 'users') return segflowCli(argv);
  try {
    if (argv[1] !== 'add') throw new Usage(argv[1] ? `unknown users command ${argv[1]}` : 'users needs a command');
    return await addUser(argv.slice(2));
  } catch (e) {
    if (!(e instanceof Usage)) throw e;
    process.stderr.write(`segflow: ${e.message}\n${USAGE}\n`);
    return 2;
  }
}

runCli(process.argv.slice(2), main);
