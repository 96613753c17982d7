import { BusyError } from './compute-gate.ts';

/** A plain answer when DuckDB could not fit the work in the budget even by spilling to disk. */
export const BUSY_MESSAGE = new BusyError().message;
/** Seconds a refused client waits before it tries again. */
export const RETRY_AFTER_SECONDS = 5;

const text = (e: unknown) => (e instanceof Error ? e.message : typeof e === 'string' ? e : '');

/** DuckDB's "Out of Memory Error: could not allocate block …" and its kin. */
export const isOutOfMemory = (e: unknown): boolean => /out of memory|could not allocate|failed to allocate/i.test(text(e));

export const isBusy = (e: unknown): boolean => e instanceof BusyError || isOutOfMemory(e);
