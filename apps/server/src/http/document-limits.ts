import { documentLimitProblems } from '@segflow/engine';
import { HttpError } from './errors.ts';

/**
 * A document about to be stored (created, saved as a draft, imported, restored):
 * past the limits /api/validate holds documents to, it is a 400 with the problems,
 * and nothing is stored. A draft may have any other problem.
 */
export function refuseOverLimits(document: unknown): void {
  const problems = documentLimitProblems(document);
  if (problems.length) throw new HttpError(400, 'invalid_document', `The workflow cannot be saved: ${problems.map((p) => p.message).join(' ')}`, { problems });
}

/**
 * A stored document handed out again. One saved before the limits were checked
 * could not even be sent (the JSON writer overflows its stack), so it is refused
 * in words instead of with a 500; the workflow can still be saved over or deleted.
 */
export function refuseUnreadable(document: unknown, what: string): void {
  const problems = documentLimitProblems(document);
  if (problems.length)
    throw new HttpError(422, 'invalid_document', `${what} cannot be opened: ${problems.map((p) => p.message).join(' ')} Save a new draft over it or delete the workflow.`, { problems });
}
