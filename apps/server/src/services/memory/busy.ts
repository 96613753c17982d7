import { BusyError } from './compute-gate.ts';

/**
 * Plain answers for the two ways a machine runs short: memory (DuckDB could
 * not fit the work even by spilling to disk) and disk (a write found no room).
 */
export const BUSY_MESSAGE = new BusyError().message;
export const DISK_FULL_MESSAGE = 'The disk where Segflow keeps its data is full; free some space and try again.';
/** Seconds a refused client waits before it tries again. */
export const RETRY_AFTER_SECONDS = 5;

const text = (e: unknown) => (e instanceof Error ? e.message : typeof e === 'string' ? e : '');

/** DuckDB's "Out of Memory Error: could not allocate block …" and its kin. */
export const isOutOfMemory = (e: unknown): boolean => /out of memory|could not allocate|failed to allocate/i.test(text(e));

/** Node's ENOSPC, SQLite's SQLITE_FULL, DuckDB's "No space left on device". */
export function isDiskFull(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return code === 'ENOSPC' || code === 'SQLITE_FULL' || code === 'EDQUOT' || /no space left on device|disk quota exceeded|database or disk is full/i.test(text(e));
}

export const isBusy = (e: unknown): boolean => e instanceof BusyError || isOutOfMemory(e);
