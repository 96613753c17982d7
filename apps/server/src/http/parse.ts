import { z } from 'zod';
import { HttpError } from './errors.ts';

/** Ids the server makes and accepts in URLs: the spec's id alphabet. */
export const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, _ or -');
export const idParams = z.object({ id: idSchema });

/** A YYYY-MM-DD date that exists. */
export const dateSchema = z.iso.date();

/** A document is untrusted JSON; the engine judges it. The server only insists it is an object. */
export const documentSchema = z.record(z.string(), z.unknown());

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
