import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino, { type Logger } from 'pino';

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
  /** The built web app to serve; default apps/web/dist when it exists, null for none. */
  webDir?: string | null;
  logger?: Logger;
}

export type ResolvedConfig = Required<Omit<AppConfig, 'webDir'>> & { webDir: string | null };

const defaultWebDir = () => {
  const dir = resolve(dirname(fileURLToPath(import.meta.url)), '../../web/dist');
  return existsSync(resolve(dir, 'index.html')) ? dir : null;
};

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
    webDir: config.webDir === undefined ? defaultWebDir() : config.webDir,
    logger: config.logger ?? pino({ level: process.env.LOG_LEVEL ?? 'info' }),
  };
}
