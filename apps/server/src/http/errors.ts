import type { Problem } from '@segflow/engine';

/** Every error code the API answers with, and what it means. One table, for clients and docs. */
export const ERROR_CODES = {
  invalid_json: 'The request body is not valid JSON.',
  invalid_request: 'The request does not have the expected shape.',
  invalid_document: 'The workflow document has problems to fix first (see details.problems).',
  invalid_dataset: 'The uploaded file could not be read as a dataset.',
  unsupported_format: 'Only CSV, Parquet and JSON files are accepted.',
  too_large: 'The request or the uploaded file is larger than the server accepts.',
  not_found: 'There is nothing at this address.',
  unauthenticated: 'Sign in first: this needs a session or an API token (Authorization: Bearer).',
  invalid_credentials: 'The email or the password is wrong.',
  forbidden: 'Your role may not do this (see details.needs).',
  cross_origin: 'Requests that change something must come from Segflow’s own pages.',
  rate_limited: 'Too many attempts; wait and try again (see the Retry-After header).',
  setup_done: 'Segflow has an account already: sign in instead.',
  last_admin: 'Segflow needs at least one admin: make another admin first.',
  conflict: 'Someone saved a newer revision first (see details.current).',
  already_exists: 'A thing with this name exists already.',
  in_use: 'It is still used (see details).',
  literal_credential: 'The workflow holds a password or key: save it as a connection or secret and name it instead.',
  finished: 'The run has finished already.',
  not_retryable: 'Only a finished run that failed or partly failed can be retried (see details.status).',
  pruned: 'The run is older than the retention limit: its events and files were removed.',
  superseded: 'A newer request for the same thing replaced this one.',
  busy: 'Segflow is busy computing other previews; try again in a moment (see the Retry-After header).',
  disk_full: 'The disk where Segflow keeps its data is full; free some space and try again.',
  internal: 'Something went wrong on the server; it has been logged.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

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
