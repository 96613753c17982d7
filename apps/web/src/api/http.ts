import type { z } from 'zod';
import { errorEnvelope, type ErrorCode } from '@segflow/contract';

/** The server's error codes, and the client's own: no answer, a cancelled upload, or an answer of an unexpected shape. */
export type ApiErrorCode = ErrorCode | 'network' | 'aborted' | 'unexpected_answer' | `http_${number}`;

/**
 * The one way the web app talks to the server: JSON in, JSON out, each answer
 * read with the endpoint's response schema from @segflow/contract, and every
 * non-2xx answer turned into an `ApiError` carrying the server's `{error: {code,
 * message, details}}`, so screens can react to codes (409 conflict) rather than
 * parse messages.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const isApiError = (e: unknown, code?: ApiErrorCode): e is ApiError =>
  e instanceof ApiError && (code === undefined || e.code === code);

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  json?: unknown;
  signal?: AbortSignal;
}

async function errorOf(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    // A proxy or crash page: no JSON body, fall back to the status line.
  }
  const envelope = errorEnvelope.safeParse(body);
  if (envelope.success) return new ApiError(response.status, envelope.data.error.code, envelope.data.error.message, envelope.data.error.details);
  const unreachable = response.status === 502 || response.status === 504;
  return new ApiError(response.status, `http_${response.status}`, unreachable ? 'The server is not reachable.' : response.statusText || 'Request failed');
}

/** What a call answers: the schema's output, or nothing for `null` (204). */
export type Answer<S extends z.ZodType | null> = S extends z.ZodType ? z.output<S> : void;

/** The JSON of a body, or a typed error: a body the schema refuses is the server speaking another version of the API. */
export function readAnswer<S extends z.ZodType | null>(status: number, body: unknown, schema: S): Answer<S> {
  if (schema === null) return undefined as Answer<S>;
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ApiError(status, 'unexpected_answer', 'The server answered in a way this page does not understand. Reload the page to get the latest version.');
  return parsed.data as Answer<S>;
}

/** Calls the API and reads the answer with the endpoint's response schema (`null` for endpoints that answer 204). */
export async function request<S extends z.ZodType | null>(path: string, schema: S, options: RequestOptions = {}): Promise<Answer<S>> {
  const { method = options.json === undefined ? 'GET' : 'POST', json, signal } = options;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      signal,
      headers: json === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'network', 'The server is not reachable. Is it running?');
  }
  if (!response.ok) throw await errorOf(response);
  const text = response.status === 204 ? '' : await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    throw new ApiError(response.status, 'unexpected_answer', 'The server answered with something that is not JSON.');
  }
  return readAnswer(response.status, body, schema);
}

/** Path segments come from ids and names the user typed: always encode them. */
export const seg = (value: string | number) => encodeURIComponent(String(value));
