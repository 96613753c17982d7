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
  const first = new Map<string, unknown>();
  for (const node of parsed.workflow.nodes) if (!first.has(node.id)) first.set(node.id, node);
  return sourceReadsOf(parsed.workflow).filter(({ node }) => first.get(node.id) === node).map(({ node, read }) => ({ nodeId: node.id, read }));
}
