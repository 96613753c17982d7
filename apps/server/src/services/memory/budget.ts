import { availableParallelism, totalmem } from 'node:os';

/** What every DuckDB the server opens shares: one memory limit, one thread pool, one folder to spill to. */
export interface MemoryBudget {
  /** Bytes of memory for all previews, runs and checks together. */
  bytes: number;
  threads: number;
  /** Previews computing at once; more wait in line. */
  slots: number;
  /** Previews that may wait for a slot; beyond that the server says it is busy. */
  queue: number;
}

const UNITS: Record<string, number> = { b: 1, kb: 1024, k: 1024, mb: 1024 ** 2, m: 1024 ** 2, gb: 1024 ** 3, g: 1024 ** 3, tb: 1024 ** 4, t: 1024 ** 4 };

/** DuckDB cannot work in less; a smaller setting is a typo more likely than a wish. */
export const MIN_BUDGET_BYTES = 64 * 1024 ** 2;

/** A preview of a large dataset needs about this much to run without spilling everything. */
const BYTES_PER_SLOT = 512 * 1024 ** 2;

/**
 * `8GB`, `512MB`, `1.5 GiB` or plain bytes; binary units either way (DuckDB's
 * own reading of `GB` is decimal, but nobody sizes memory in powers of ten).
 */
export function parseSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*?)(?:i?b)?\s*$/i.exec(text);
  const factor = m && UNITS[(m[2] || 'b').toLowerCase()];
  if (!m || !factor) throw new Error(`"${text}" is not a size: write it like 8GB or 512MB.`);
  return Math.floor(Number(m[1]) * factor);
}

/** Whole MB or GB, as people write sizes. */
export function formatSize(bytes: number): string {
  return bytes >= 1024 ** 3 && bytes % 1024 ** 3 === 0 ? `${bytes / 1024 ** 3}GB` : `${Math.round(bytes / 1024 ** 2)}MB`;
}

export interface BudgetInput {
  memoryLimit?: number;
  threads?: number;
  slots?: number;
  queue?: number;
}

/** Defaults: half the machine's memory, every core, a preview slot per 512 MB (at most one per thread), 16 waiting. */
export function resolveBudget(input: BudgetInput = {}, machine = { memory: totalmem(), cores: availableParallelism() }): MemoryBudget {
  const bytes = input.memoryLimit ?? Math.floor(machine.memory / 2);
  if (bytes < MIN_BUDGET_BYTES) throw new Error(`The memory limit ${formatSize(bytes)} is too small: give Segflow at least ${formatSize(MIN_BUDGET_BYTES)}.`);
  const threads = Math.max(1, Math.floor(input.threads ?? machine.cores));
  const slots = Math.max(1, Math.floor(input.slots ?? Math.min(threads, bytes / BYTES_PER_SLOT)));
  return { bytes, threads, slots, queue: Math.max(0, Math.floor(input.queue ?? 16)) };
}

/** SEGFLOW_MEMORY_LIMIT (e.g. 8GB) and SEGFLOW_THREADS; unset means the defaults of resolveBudget. */
export function budgetFromEnv(env: NodeJS.ProcessEnv = process.env): BudgetInput {
  const threads = env.SEGFLOW_THREADS ? Number(env.SEGFLOW_THREADS) : undefined;
  if (threads !== undefined && !(Number.isInteger(threads) && threads > 0)) throw new Error(`SEGFLOW_THREADS must be a whole number above 0, not "${env.SEGFLOW_THREADS}".`);
  return { memoryLimit: env.SEGFLOW_MEMORY_LIMIT ? parseSize(env.SEGFLOW_MEMORY_LIMIT) : undefined, threads };
}
