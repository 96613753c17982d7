import type { Problem } from '@segflow/engine';
import { ERROR_CODES, type ErrorCode } from '@segflow/contract';

// The codes and what they mean are part of the API contract.
export { ERROR_CODES, type ErrorCode };

/** An error a client caused or can act on; anything else becomes a logged 500. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string = ERROR_CODES[code],
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} does not exist.`);

/** A document that cannot be published or run: 422 with the problems, so the editor can point at them. */
export const documentRefused = (problems: Problem[], message: string = ERROR_CODES.invalid_document) =>
  new HttpError(422, 'invalid_document', message, { problems });
