import { isApiError } from '../api/http.ts';

/** An error as one sentence a marketer can act on; codes stay out of sight. */
export function errorText(error: unknown): string {
  if (isApiError(error)) return error.message;
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null;
  return <p className="error-text" role="alert">{errorText(error)}</p>;
}
