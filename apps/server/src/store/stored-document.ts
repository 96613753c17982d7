import { error, parseWorkflow, type Problem, type Workflow } from '@segflow/engine';

/**
 * A stored document that does not read as a workflow document any more: a row
 * saved before the server checked what it stores (too deep, too many nodes, a
 * shape an older Segflow let through). The row is kept as it is; whoever reads
 * its document gets this error, which the HTTP layer answers with a 422 in
 * words (never a 500), so the workflow can still be saved over or deleted.
 */
export class UnreadableDocument extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => p.message).join(' '));
    this.name = 'UnreadableDocument';
  }
}

/** A document as the engine reads it, for storing; the caller refused one that does not parse. */
export const documentText = (document: Workflow) => JSON.stringify(document);

/**
 * `record` with a `document` read from `text` when first asked for: lists of
 * workflows, versions and runs never pay for documents they do not show, and a
 * row that no longer parses troubles only the reader of its document.
 */
export function withDocument<T extends object>(record: T, text: string): T & { document: Workflow } {
  let read: { workflow: Workflow } | undefined;
  return Object.defineProperty(record, 'document', {
    enumerable: true,
    get(): Workflow {
      if (read) return read.workflow;
      const parsed = parseText(text);
      if (!parsed.ok) throw new UnreadableDocument(parsed.problems);
      read = { workflow: parsed.workflow };
      return parsed.workflow;
    },
  }) as T & { document: Workflow };
}

function parseText(text: string) {
  try {
    return parseWorkflow(JSON.parse(text));
  } catch (e) {
    // Only JSON.parse throws here (parseWorkflow never does): the text itself is broken.
    return { ok: false as const, problems: [error('invalid_document', `The stored document is not JSON (${(e as Error).message}).`)] };
  }
}

/** The document of a record, or undefined when its row no longer parses: for scans over every stored document. */
export function readableDocument(record: { document: Workflow }): Workflow | undefined {
  try {
    return record.document;
  } catch (e) {
    if (e instanceof UnreadableDocument) return undefined;
    throw e;
  }
}
