import { DOCUMENT_LIMITS } from './document.ts';
import { error, type Problem } from './problem.ts';

/**
 * Nesting depth of a JSON value, counted only up to `DOCUMENT_LIMITS.nesting + 1`:
 * the recursion stops there, so no input can overflow the stack.
 */
export function nestingDepth(value: unknown, depth = 0): number {
  return typeof value === 'object' && value !== null ? objectDepth(value, depth) : depth;
}

// Recurses into objects only: a leaf adds nothing to the depth of the object holding it,
// and this walks every value of every request's document.
function objectDepth(value: object, depth: number): number {
  if (depth > DOCUMENT_LIMITS.nesting) return depth;
  let deepest = depth + 1;
  if (Array.isArray(value)) {
    for (const child of value) if (typeof child === 'object' && child !== null) deepest = Math.max(deepest, objectDepth(child, depth + 1));
  } else {
    for (const key in value) {
      const child = (value as Record<string, unknown>)[key];
      if (typeof child === 'object' && child !== null) deepest = Math.max(deepest, objectDepth(child, depth + 1));
    }
  }
  return deepest;
}

export const tooDeep = () => error('invalid_document', `The document nests deeper than ${DOCUMENT_LIMITS.nesting} levels.`);

const countOf = (value: unknown) => (Array.isArray(value) ? value.length : 0);

/**
 * What puts a document past the limits every saved document keeps, even a draft
 * with problems: how deep it nests and how many nodes and edges it holds. A
 * document past them costs more to store, send and read back than any real
 * workflow, so it is refused before it is kept. Never throws, whatever the value.
 *
 * @example documentLimitProblems({ nodes: [], edges: [] }) // []
 */
export function documentLimitProblems(document: unknown): Problem[] {
  if (nestingDepth(document) > DOCUMENT_LIMITS.nesting) return [tooDeep()];
  const { nodes, edges } = (typeof document === 'object' && document !== null ? document : {}) as { nodes?: unknown; edges?: unknown };
  const problems: Problem[] = [];
  if (countOf(nodes) > DOCUMENT_LIMITS.nodes)
    problems.push(error('invalid_document', `The document has ${countOf(nodes)} nodes; a workflow holds at most ${DOCUMENT_LIMITS.nodes}.`));
  if (countOf(edges) > DOCUMENT_LIMITS.edges)
    problems.push(error('invalid_document', `The document has ${countOf(edges)} connections; a workflow holds at most ${DOCUMENT_LIMITS.edges}.`));
  return problems;
}
