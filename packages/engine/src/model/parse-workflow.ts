import type { z } from 'zod';
import { error, type Problem } from './problem.ts';
import { documentIssueSentence } from '../messages/document-issue.ts';
import { DOCUMENT_LIMITS, workflowEdgeSchema, workflowNodeSchema, workflowShellSchema, type Workflow, type WorkflowEdge, type WorkflowNode } from './document.ts';
import { nestingDepth, tooDeep } from './document-limits.ts';
import { plainEdge, plainNode, plainShell } from './plain-parts.ts';

export type ParseResult = { ok: true; workflow: Workflow } | { ok: false; problems: Problem[] };

/**
 * Turns zod issues into `invalid_document` problems: a sentence about the step
 * or connection (messages/), the node's id and the setting's path for the API.
 */
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
    const inConfig = path[0] === 'nodes' && path[2] === 'config' && path.length > 3;
    if (path.length) at.field = (inConfig ? path.slice(3) : path).join('.');
    return error(code, documentIssueSentence(issue, doc), at);
  });
}

type Issue = z.core.$ZodIssue;

/**
 * A union's own message is only "Invalid input". The branch the author meant is
 * the one with the fewest issues, then the one that got furthest: report its
 * issue, with the union's path in front. (A rule with one unknown key fails the
 * group branch on several keys at once.)
 */
export function innermostIssue(issue: Issue): Issue {
  if (issue.code !== 'invalid_union' || !issue.errors?.length) return issue;
  // A branch that matched the type and failed on something else (a size, a format) wins ties.
  const score = (i: Issue) => i.path.length * 10 + (i.code === 'invalid_type' || i.code === 'invalid_union' ? 0 : 1);
  const branches = issue.errors.filter((branch) => branch.length > 0);
  if (!branches.length) return issue;
  const fewest = Math.min(...branches.map((branch) => branch.length));
  const candidates = branches.filter((branch) => branch.length === fewest).map((branch) => innermostIssue(branch[0]));
  const best = candidates.reduce((a, b) => (score(b) > score(a) ? b : a), candidates[0]);
  const clear = score(best) > 0 || branches.some((branch) => branch.length > fewest);
  return clear ? { ...best, path: [...issue.path, ...best.path] } : issue;
}

/**
 * Reads an untrusted value as a workflow document. Never throws: a value that is
 * not a document gives `invalid_document` problems.
 */
export function parseWorkflow(input: unknown): ParseResult {
  return parseWith(input, readShell, parsePart);
}

/** The document as zod alone reads it: what the hand-read path must always agree with (see the tests). */
export const parseWorkflowWithZod = (input: unknown): ParseResult => parseWith(input, zodShell, zodPart);

type Shell = z.infer<typeof workflowShellSchema>;
type ShellReader = (input: unknown) => { success: true; data: Shell } | { success: false; error: { issues: z.core.$ZodIssue[] } };
type PartParser = (schema: z.ZodType, value: unknown, list: 'nodes' | 'edges', index: number, issues: z.core.$ZodIssue[]) => unknown;

function parseWith(input: unknown, shellOf: ShellReader, parsePart: PartParser): ParseResult {
  if (nestingDepth(input) > DOCUMENT_LIMITS.nesting) return { ok: false, problems: [tooDeep()] };
  const shell = shellOf(input);
  if (!shell.success) return { ok: false, problems: zodProblems(shell.error.issues, 'invalid_document', input) };
  const issues: z.core.$ZodIssue[] = [];
  // Index loops, not map: every place of the list is read, a hole as the undefined it reads as.
  const { nodes: nodeValues, edges: edgeValues } = shell.data;
  const nodes = new Array<WorkflowNode>(nodeValues.length);
  for (let i = 0; i < nodeValues.length; i++) nodes[i] = parsePart(workflowNodeSchema, nodeValues[i], 'nodes', i, issues) as WorkflowNode;
  const edges = new Array<WorkflowEdge>(edgeValues.length);
  for (let i = 0; i < edgeValues.length; i++) edges[i] = parsePart(workflowEdgeSchema, edgeValues[i], 'edges', i, issues) as WorkflowEdge;
  if (issues.length) return { ok: false, problems: zodProblems(issues, 'invalid_document', input) };
  return { ok: true, workflow: { ...shell.data, nodes, edges } };
}

const zodShell: ShellReader = (input) => workflowShellSchema.safeParse(input);

/** The document's own fields read by hand when they are plain (nearly always), by zod otherwise. */
const readShell: ShellReader = (input) => {
  const data = plainShell(input);
  return data ? { success: true, data } : zodShell(input);
};

/** A node or an edge read by its schema; its issues are added to `issues`, under its place in the document. */
const zodPart: PartParser = (schema, value, list, index, issues) => {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) issues.push({ ...issue, path: [list, index, ...issue.path] });
  return undefined;
};

/**
 * A node or an edge: read by hand when it is well formed (nearly always), by
 * zod otherwise, so a problem is worded by the schema. The config object is
 * kept as it is either way, so validation finds what it parsed for it before.
 */
const parsePart: PartParser = (schema, value, list, index, issues) =>
  (schema === workflowNodeSchema ? plainNode(value) : plainEdge(value)) ?? zodPart(schema, value, list, index, issues);
