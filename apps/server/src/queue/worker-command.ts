import pino from 'pino';
import { dataDirFromEnv, resolveConfig } from '../config.ts';
import { parseDestinationAllowList } from '../services/destination-allow-list.ts';
import { startRunWorker } from './run-worker.ts';

/** A whole number setting from the environment, within bounds, or the default; throws a sentence on anything else. */
function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be a whole number from ${min} to ${max}, not "${text}"`);
  return value;
}

/**
 * `segflow worker`: executes queued runs until stopped (Ctrl-C, SIGTERM). Needs
 * SEGFLOW_REDIS_URL and the data folder the servers use (SEGFLOW_DATA_DIR);
 * SEGFLOW_WORKER_CONCURRENCY runs coordinated at once (default 1), SEGFLOW_WORKER_TASK_CONCURRENCY
 * steps of runs executed at once (default the same; 0: none).
 */
export async function workerCommand(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const redisUrl = env.SEGFLOW_REDIS_URL?.trim();
  if (!redisUrl) {
    process.stderr.write('segflow worker: set SEGFLOW_REDIS_URL to the Redis the servers queue runs on (e.g. redis://127.0.0.1:6379)\n');
    return 2;
  }
  const dataDir = dataDirFromEnv(env);
  const logger = pino({ level: env.LOG_LEVEL ?? 'info' });
  const concurrency = wholeNumber(env, 'SEGFLOW_WORKER_CONCURRENCY', 1, 1, 64);
  const worker = await startRunWorker({
    redisUrl, dataDir, logger, concurrency,
    taskConcurrency: wholeNumber(env, 'SEGFLOW_WORKER_TASK_CONCURRENCY', concurrency, 0, 64),
    lockMs: wholeNumber(env, 'SEGFLOW_WORKER_LOCK_MS', 30_000, 2_000, 600_000),
    retainRuns: resolveConfig({ dataDir, logger }).retainRuns,
    webhookAllowList: parseDestinationAllowList(env), secretKey: env.SEGFLOW_SECRET_KEY,
  });
  const signal = await new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  logger.info({ signal }, 'segflow worker stopping: its open runs resume on another worker');
  await worker.close();
  return 0;
}
