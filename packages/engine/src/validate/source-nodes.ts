import type { ParseResult } from '../model/parse-workflow.ts';
import type { ReadConfig } from '../nodes/ingestion.ts';
import { getNodeDefinition } from '../nodes/registry.ts';

/**
 * The files a document reads: each source node (the first of an id, of a known
 * kind, with valid settings, as validation counts them) with what its kind
 * reads. All that is needed to learn the sources' columns before the one full
 * validation, instead of validating the document twice.
 */
export function sourceReads(parsed: ParseResult): { nodeId: string; read: ReadConfig }[] {
  if (!parsed.ok) return [];
  const seen = new Set<string>();
  const reads: { nodeId: string; read: ReadConfig }[] = [];
  for (const node of parsed.workflow.nodes) {
    if (seen.has(node.id)) continue;
    seen.add(node.id);
    const definition = getNodeDefinition(node.kind);
    if (definition?.scope !== 'source' || !definition.read) continue;
    const config = definition.config.safeParse(node.config);
    if (config.success) reads.push({ nodeId: node.id, read: definition.read(config.data) });
  }
  return reads;
}
