import { isPermanent, PermanentError } from '../run/permanent-error.ts';

/**
 * DuckDB error kinds that the same statement over the same files raises every
 * time: a malformed file (Invalid Input), a value that does not convert or
 * overflows, a statement DuckDB cannot parse or bind. Another attempt only
 * repeats them; out-of-memory, I/O and interrupts are left to the retry policy.
 */
const DETERMINISTIC = /^(Parser|Binder|Catalog|Conversion|Invalid Input|Out of Range|Mismatch Type|Not implemented|Constraint) Error: /;

/**
 * The error as it is, or as a PermanentError when trying the step again
 * cannot fix it.
 *
 * @example
 *   permanentIfDeterministic(new Error('Conversion Error: Could not convert string \'x\' to INT32')) // a PermanentError
 */
export function permanentIfDeterministic(error: unknown): unknown {
  if (isPermanent(error) || !(error instanceof Error) || !DETERMINISTIC.test(error.message)) return error;
  return new PermanentError(error.message, { cause: error });
}
