import { z } from 'zod';
import { HttpError } from './errors.ts';

// The shared request values are the API contract's.
export { dateSchema, documentSchema, idParams, idSchema } from '@segflow/contract';

/**
 * Reads one part of a request with a zod schema, or answers 400 with every issue,
 * so no handler sees a value it did not ask for.
 */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, part: 'body' | 'query' | 'params'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  const first = issues[0];
  const where = first?.path ? ` (${first.path})` : '';
  throw new HttpError(400, 'invalid_request', `The request ${part} is not valid${where}: ${first?.message ?? 'unexpected value'}.`, { issues });
}

/** The workflow in a body that holds one: `{document}` as the workflow endpoints take it, or the bare document. */
export function documentIn(body: Record<string, unknown>): unknown {
  return 'document' in body && !('nodes' in body) ? body.document : body;
}
