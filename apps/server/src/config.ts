import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { statfs } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino, { type Logger } from 'pino';
import type { AddressAllowList } from '@segflow/engine';
import type { SignInLimit } from './auth/sign-in-limiter.ts';
import type { runWorkflow } from '@segflow/engine/node';
import { systemClock, type Clock } from './services/schedules/clock.ts';
import { resolveBudget, type MemoryBudget } from './services/memory/budget.ts';
import type { StatFs } from './services/storage-health.ts';

export interface AppConfig {
  /** Everything the server reads and writes lives here. */
  dataDir: string;
  /** Generate demo data and workflows on first start (default true; tests turn it off). */
  demo?: boolean;
  /** Customers in the generated demo data (default 200 000). */
  demoCustomers?: number;
  /** Runs executing at once; the rest wait in a queue (default 2). */
  maxConcurrentRuns?: number;
  /** Finished runs per workflow whose files and events are kept (default 20). */
  retainRuns?: number;
  /** Largest JSON body, in body-parser's notation (default '5mb'). */
  bodyLimit?: string;
  /** Largest dataset upload in bytes (default 500 MB). */
  uploadLimitBytes?: number;
  /** SSE heartbeat interval (default 15 s). */
  heartbeatMs?: number;
  /**
   * Addresses webhooks and databases may reach besides public ones (SEGFLOW_DESTINATION_ALLOW;
   * default none: loopback and private ranges are refused).
   */
  webhookAllowList?: AddressAllowList;
  /** SEGFLOW_SECRET_KEY: 32 bytes (base64 or hex) that encrypt stored credentials; default a key file made in the data folder. */
  secretKey?: string;
  /** The built web app to serve; default apps/web/dist when it exists, null for none. */
  webDir?: string | null;
  logger?: Logger;
  /** The admin to create when there is no account yet (SEGFLOW_ADMIN_EMAIL/PASSWORD); without it a setup link is made. */
  admin?: { email: string; password: string };
  /** Failed sign-ins allowed per client address and window (default 10 per 15 minutes). */
  signInLimit?: SignInLimit;
  /** Express's `trust proxy` (default false): set it behind a TLS proxy so cookies are Secure and client addresses real. */
  trustProxy?: boolean | number | string;
  /**
   * The origin people reach Segflow at (SEGFLOW_PUBLIC_ORIGIN), e.g. `https://segflow.example.com`
   * behind a proxy: pages of this origin may send state-changing requests. Default none: only
   * `http://localhost:PORT` and `http://127.0.0.1:PORT` (the port it listens on) may.
   */
  publicOrigin?: string | null;
  /** Origins besides the server's own whose pages may send state-changing requests (e.g. a dev server on another port). */
  allowedOrigins?: string[];
  /** Where every alert is POSTed (SEGFLOW_ALERT_WEBHOOK) unless its workflow names its own receiver; default none. */
  alertWebhook?: string | null;
  /** Time for the scheduler, alert retries and idle previews (default the system clock; tests pass a manual one). */
  clock?: Clock;
  /** How long a cancelled run's engine may take to let go before the run is ended without it (default 3 s). */
  cancelGraceMs?: number;
  /** Between reconciles of every live audience with a batch computation (default a day; 0: never). */
  liveReconcileMs?: number;
  /** The workflow engine (default the real one); tests wrap it to play one that no longer hears a cancel. */
  runEngine?: typeof runWorkflow;
  /** Bytes of memory all DuckDB work shares (SEGFLOW_MEMORY_LIMIT; default half the machine's memory). */
  memoryLimit?: number;
  /** Threads DuckDB computes with (SEGFLOW_THREADS; default every core). */
  threads?: number;
  /** Previews computing at once (default one per 512 MB of the budget, at most one per thread) and waiting for a turn (default 16). */
  previewSlots?: number;
  previewQueue?: number;
  /**
   * Threads that check /api/validate bodies besides the server's own (SEGFLOW_CHECK_THREADS;
   * default one per core, at most 4; 0: the server checks every body itself).
   */
  checkThreads?: number;
  /** A preview unused this long gives its memory back (default 5 minutes). */
  previewIdleMs?: number;
  /** /api/health warns below this much free disk (default 1 GB). */
  lowDiskBytes?: number;
  /** Reads the data folder's disk (default fs.statfs; tests pass a fake full disk). */
  statfs?: StatFs;
  /**
   * Queue mode (SEGFLOW_REDIS_URL, e.g. redis://10.0.0.5:6379): runs go to a Redis queue that
   * `segflow worker` processes execute, instead of running in this process. Default none.
   */
  redisUrl?: string | null;
}

type BudgetKeys = 'memoryLimit' | 'threads' | 'previewSlots' | 'previewQueue';
export type ResolvedConfig = Required<Omit<AppConfig, 'webDir' | 'admin' | 'secretKey' | 'cancelGraceMs' | 'liveReconcileMs' | 'runEngine' | BudgetKeys>> & { webDir: string | null; budget: MemoryBudget };

/** SEGFLOW_DATA_DIR (./data), relative to the folder the command was typed in: pnpm runs scripts elsewhere and says where in INIT_CWD. */
export const dataDirFromEnv = (env: NodeJS.ProcessEnv = process.env) => resolve(env.INIT_CWD ?? process.cwd(), env.SEGFLOW_DATA_DIR ?? './data');

/** SEGFLOW_CHECK_THREADS; unset means the default. */
export function checkThreadsFromEnv(env: NodeJS.ProcessEnv = process.env): { checkThreads?: number } {
  const text = env.SEGFLOW_CHECK_THREADS;
  if (!text) return {};
  const threads = Number(text);
  if (!Number.isInteger(threads) || threads < 0) throw new Error(`SEGFLOW_CHECK_THREADS must be a whole number (0 or more), not "${text}".`);
  return { checkThreads: threads };
}

const defaultWebDir = () => {
  const dir = resolve(dirname(fileURLToPath(import.meta.url)), '../../web/dist');
  return existsSync(resolve(dir, 'index.html')) ? dir : null;
};

/** `scheme://host[:port]` as browsers send it in Origin (lowercase, no default port, no path); throws on anything else. */
export function originOf(text: string, what: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new Error(`${what} "${text}" is not an origin such as https://segflow.example.com`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username)
    throw new Error(`${what} "${text}" is not an origin such as https://segflow.example.com (scheme, host and port only)`);
  return url.origin;
}

export function resolveConfig(config: AppConfig): ResolvedConfig {
  return {
    dataDir: config.dataDir,
    demo: config.demo ?? true,
    demoCustomers: config.demoCustomers ?? 200_000,
    maxConcurrentRuns: Math.max(1, config.maxConcurrentRuns ?? 2),
    retainRuns: Math.max(1, config.retainRuns ?? 20),
    bodyLimit: config.bodyLimit ?? '5mb',
    uploadLimitBytes: config.uploadLimitBytes ?? 500 * 1024 * 1024,
    heartbeatMs: config.heartbeatMs ?? 15_000,
    webhookAllowList: config.webhookAllowList ?? {},
    webDir: config.webDir === undefined ? defaultWebDir() : config.webDir,
    logger: config.logger ?? pino({ level: process.env.LOG_LEVEL ?? 'info' }),
    signInLimit: config.signInLimit ?? { limit: 10, windowMs: 15 * 60_000 },
    trustProxy: config.trustProxy ?? false,
    publicOrigin: config.publicOrigin ? originOf(config.publicOrigin, 'the public origin') : null,
    allowedOrigins: (config.allowedOrigins ?? []).map((o) => originOf(o, 'an allowed origin')),
    alertWebhook: config.alertWebhook ?? null,
    clock: config.clock ?? systemClock,
    budget: resolveBudget({ memoryLimit: config.memoryLimit, threads: config.threads, slots: config.previewSlots, queue: config.previewQueue }),
    previewIdleMs: config.previewIdleMs ?? 5 * 60_000,
    checkThreads: Math.max(0, config.checkThreads ?? Math.min(availableParallelism(), 4)),
    lowDiskBytes: config.lowDiskBytes ?? 1024 ** 3,
    statfs: config.statfs ?? statfs,
    redisUrl: config.redisUrl || null,
  };
}
