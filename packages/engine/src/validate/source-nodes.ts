import type { ParseResult } from '../model/parse-workflow.ts';
import type { SourceRead } from '../nodes/ingestion.ts';
import { sourceReadsOf } from '../nodes/node-settings.ts';

/**
 * The files and warehouse tables a document reads, by source node (the first node of an id, as
 * validation counts them): all that is needed to learn the sources' columns
 * before the one full validation, instead of validating the document twice.
 */
export function sourceReads(parsed: ParseResult): { nodeId: string; read: SourceRead }[] {
  if (!parsed.ok) return [];
  const reads = sourceReadsOf(parsed.workflow);
  if (!reads.length) return [];
  // The first node of each source's id: looked up for those ids only, so a big document builds no map of all its nodes.
  const ids = new Set(reads.map(({ node }) => node.id));
  const first = new Map<string, unknown>();
  for (const node of parsed.workflow.nodes) if (ids.has(node.id) && !first.has(node.id)) first.set(node.id, node);
  return reads.filter(({ node }) => first.get(node.id) === node).map(({ node, read }) => ({ nodeId: node.id, read }));
}
