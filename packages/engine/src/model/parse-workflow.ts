import type { z } from 'zod';
import { error, type Problem } from './problem.ts';
import { workflowSchema, type Workflow } from './document.ts';

export type ParseResult = { ok: true; workflow: Workflow } | { ok: false; problems: Problem[] };

/** Turns zod issues into `invalid_document` problems that name the node when they can. */
export function zodProblems(issues: readonly z.core.$ZodIssue[], code: 'invalid_document' | 'invalid_config', doc?: unknown, nodeId?: string): Problem[] {
  return issues.slice(0, 50).map((raw) => {
    const issue = innermostIssue(raw);
    const path = issue.path.map(String);
    const at: { nodeId?: string; field?: string } = {};
    if (nodeId) at.nodeId = nodeId;
    else if (path[0] === 'nodes' && path.length > 1) {
      const node = (doc as { nodes?: unknown[] })?.nodes?.[Number(path[1])] as { id?: unknown } | undefined;
      if (typeof node?.id === 'string') at.nodeId = node.id;
    }
    const where = path.length ? `${path.join('.')}: ` : '';
    return error(code, `${where}${issue.message}`, at);
  });
}

type Issue = z.core.$ZodIssue;

/**
 * A union's own message is only "Invalid input". The branch that got furthest
 * is what the author meant: report its issue, with the union's path in front.
 */
function innermostIssue(issue: Issue): Issue {
  if (issue.code !== 'invalid_union' || !issue.errors?.length) return issue;
  // A branch that matched the type and failed on something else (a size, a format) wins ties.
  const score = (i: Issue) => i.path.length * 10 + (i.code === 'invalid_type' || i.code === 'invalid_union' ? 0 : 1);
  const candidates = issue.errors.map((branch) => branch[0]).filter(Boolean).map(innermostIssue);
  const best = candidates.reduce((a, b) => (score(b) > score(a) ? b : a), candidates[0]);
  return score(best) > 0 ? { ...best, path: [...issue.path, ...best.path] } : issue;
}

/**
 * Reads an untrusted value as a workflow document. Never throws: a value that is
 * not a document gives `invalid_document` problems.
 */
export function parseWorkflow(input: unknown): ParseResult {
  if (nestingDepth(input) > MAX_NESTING)
    return { ok: false, problems: [error('invalid_document', `The document nests deeper than ${MAX_NESTING} levels.`)] };
  const result = workflowSchema.safeParse(input);
  if (result.success) return { ok: true, workflow: result.data };
  return { ok: false, problems: zodProblems(result.error.issues, 'invalid_document', input) };
}

const MAX_NESTING = 80;

/**
 * Nesting depth of a JSON value, counted only up to MAX_NESTING + 1: the
 * recursion stops there, so no input can overflow the stack.
 */
export function nestingDepth(value: unknown, depth = 0): number {
  if (typeof value !== 'object' || value === null) return depth;
  if (depth > MAX_NESTING) return depth;
  let deepest = depth + 1;
  if (Array.isArray(value)) {
    for (const child of value) deepest = Math.max(deepest, nestingDepth(child, depth + 1));
  } else {
    for (const key in value) deepest = Math.max(deepest, nestingDepth((value as Record<string, unknown>)[key], depth + 1));
  }
  return deepest;
}
