import { documentLimitProblems, parseWorkflow, type Workflow } from '@segflow/engine';
import { documentRefused, HttpError } from './errors.ts';
import { UnreadableDocument } from '../store/stored-document.ts';

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
 * A document sent to be stored, as the engine reads it: the stores keep only
 * documents that parse, and hand them out parsed. Past the limits it is a 400
 * (as before); not a workflow document at all (a node without an id, an edge
 * without ends), a 422 with the problems. A draft may have any other problem:
 * unknown columns, missing settings, loose ends.
 */
export function documentToStore(document: unknown, refusal = 'The workflow cannot be saved:'): Workflow {
  refuseOverLimits(document);
  const parsed = parseWorkflow(document);
  if (!parsed.ok) throw documentRefused(parsed.problems, `${refusal} ${parsed.problems.map((p) => p.message).join(' ')}`);
  return parsed.workflow;
}

/**
 * A stored document handed out again. A row saved before the server checked
 * what it stores may not parse (one too deep could not even be sent: the JSON
 * writer overflows its stack), so it is refused in words instead of with a
 * 500; the workflow can still be saved over or deleted.
 */
export function openDocument(record: { document: Workflow }, what: string): Workflow {
  try {
    return record.document;
  } catch (e) {
    if (!(e instanceof UnreadableDocument)) throw e;
    throw unreadable(e, what);
  }
}

/** The 422 for a stored document that no longer parses, naming what it is when the caller knows. */
export const unreadable = (e: UnreadableDocument, what = 'A saved document') =>
  new HttpError(422, 'invalid_document', `${what} cannot be opened: ${e.message} Save a new draft over it or delete the workflow.`, { problems: e.problems });
