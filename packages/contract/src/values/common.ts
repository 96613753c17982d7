import { z } from 'zod';
import { PROBLEM_CODES, type ProblemCode } from '@segflow/engine';

/** Ids the server makes and accepts in URLs: the spec's id alphabet. */
export const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, _ or -');
export const idParams = z.object({ id: idSchema });

/** A YYYY-MM-DD date that exists. */
export const dateSchema = z.iso.date();
/** A moment as the server writes it (ISO 8601, UTC). */
export const timestamp = z.string();

/** A document is untrusted JSON; the engine judges it. The contract only insists it is an object. */
export const documentSchema = z.record(z.string(), z.unknown()).meta({ description: 'A workflow document (see the workflow-v1 spec).' });

export const problemSchema = z.object({
  severity: z.enum(['error', 'warning']),
  code: z.enum(Object.keys(PROBLEM_CODES) as [ProblemCode, ...ProblemCode[]]),
  message: z.string(),
  nodeId: z.string().optional(),
  edgeId: z.string().optional(),
  field: z.string().optional(),
  /** Character offset in a formula. */
  position: z.number().int().optional(),
});

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
  no_changes: 'The draft is the same as the latest version: there is nothing new to publish (see details.version).',
  not_live: 'The workflow keeps no live audience: publish it and mark it real-time first.',
  finished: 'The run has finished already.',
  not_retryable: 'Only a finished run that failed or partly failed can be retried (see details.status).',
  pruned: 'The run is older than the retention limit: its events and files were removed.',
  superseded: 'A newer request for the same thing replaced this one.',
  busy: 'Segflow is busy computing other previews; try again in a moment (see the Retry-After header).',
  warehouse_unreachable: 'The database of this connection could not be read (the message says why).',
  disk_full: 'The disk where Segflow keeps its data is full; free some space and try again.',
  internal: 'Something went wrong on the server; it has been logged.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
const errorCodes = Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]];

/** Every error leaves the server as `{"error": {code, message, details?}}`. */
export const errorEnvelope = z.object({
  error: z.object({
    code: z.enum(errorCodes),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorEnvelope = z.infer<typeof errorEnvelope>;

/** An answer the API gives with no fields of interest beyond a count or a flag. */
export const okSchema = z.object({ ok: z.literal(true) });
