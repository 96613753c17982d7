export type DatasetFormat = 'parquet' | 'csv';

export interface GenerateProgress {
  /** What is being written now, or 'done'. */
  step: 'customers' | 'events' | 'done';
  /** Steps finished so far. */
  done: number;
  total: number;
}

export interface GenerateOptions {
  /** Number of distinct customers (ids 1..customers), e.g. 200_000 or 1_000_000. */
  customers: number;
  /** Average events per customer; default 20. */
  eventsPerCustomer?: number;
  /** Same seed and options, same bytes; default 1. */
  seed?: number;
  /** Created if missing. */
  outDir: string;
  /** Default 'parquet'. */
  format?: DatasetFormat;
  onProgress?: (p: GenerateProgress) => void;
}

export type ResolvedOptions = Required<Omit<GenerateOptions, 'onProgress'>> & Pick<GenerateOptions, 'onProgress'>;

/**
 * Defaults filled in and limits checked. A bad value here is a caller's bug
 * (the CLI validates what users type), so it throws rather than returning a
 * Problem.
 */
export function resolveOptions(opts: GenerateOptions): ResolvedOptions {
  const resolved: ResolvedOptions = {
    eventsPerCustomer: 20,
    seed: 1,
    format: 'parquet',
    ...stripUndefined(opts),
  };
  if (!Number.isSafeInteger(resolved.customers) || resolved.customers < 1) {
    throw new RangeError(`customers must be a positive integer, got ${resolved.customers}`);
  }
  if (!Number.isFinite(resolved.eventsPerCustomer) || resolved.eventsPerCustomer < 0) {
    throw new RangeError(`eventsPerCustomer must be a non-negative number, got ${resolved.eventsPerCustomer}`);
  }
  if (!Number.isSafeInteger(resolved.seed)) {
    throw new RangeError(`seed must be an integer, got ${resolved.seed}`);
  }
  if (resolved.format !== 'parquet' && resolved.format !== 'csv') {
    throw new RangeError(`format must be 'parquet' or 'csv', got ${String(resolved.format)}`);
  }
  if (!resolved.outDir) throw new RangeError('outDir is required');
  return resolved;
}

/** So that `{ seed: undefined }` falls back to the default instead of erasing it. */
function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
