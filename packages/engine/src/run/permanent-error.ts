/**
 * A failure that trying the step again cannot fix (a receiver refusing a batch
 * with a 4xx, a delivery that already used its own retries, a refused
 * address): the run fails the step at once instead of retrying it.
 */
export class PermanentError extends Error {
  readonly permanent = true;
}

export const isPermanent = (e: unknown): boolean => typeof e === 'object' && e !== null && (e as { permanent?: unknown }).permanent === true;
