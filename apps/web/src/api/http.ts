/**
 * The one way the web app talks to the server: JSON in, JSON out, and every
 * non-2xx answer turned into an `ApiError` carrying the server's `{error: {code,
 * message, details}}`, so screens can react to codes (409 conflict) rather than
 * parse messages.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const isApiError = (e: unknown, code?: string): e is ApiError =>
  e instanceof ApiError && (code === undefined || e.code === code);

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  json?: unknown;
  signal?: AbortSignal;
}

async function errorOf(response: Response): Promise<ApiError> {
  let body: { error?: { code?: string; message?: string; details?: unknown } } | undefined;
  try {
    body = await response.json();
  } catch {
    // A proxy or crash page: no JSON body, fall back to the status line.
  }
  const err = body?.error;
  return new ApiError(
    response.status,
    err?.code ?? `http_${response.status}`,
    err?.message ?? (response.status === 502 || response.status === 504 ? 'The server is not reachable.' : response.statusText || 'Request failed'),
    err?.details,
  );
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
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
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Path segments come from ids and names the user typed: always encode them. */
export const seg = (value: string | number) => encodeURIComponent(String(value));
