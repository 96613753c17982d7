import { error, type Problem } from '../model/problem.ts';
import { isWarehouseRead } from '../nodes/ingestion.ts';
import type { AnalyzedNode } from './analyze-workflow.ts';

/** Where a source's rows live: `files`, or a warehouse connection's name. */
export function sourcePlace(node: Pick<AnalyzedNode, 'definition' | 'config'>): string | undefined {
  if (node.definition.scope !== 'source' || !node.definition.read) return undefined;
  const read = node.definition.read(node.config);
  return isWarehouseRead(read) ? read.connection : 'files';
}

/**
 * A workflow runs where its data lives: in DuckDB over files, or in one
 * warehouse. Sources from two places cannot meet in one run (no federation
 * yet), so every source but those of the first place is a problem.
 */
export function checkSourcePlaces(nodes: ReadonlyMap<string, Pick<AnalyzedNode, 'id' | 'definition' | 'config'>>): Problem[] {
  const places: { id: string; place: string }[] = [];
  for (const node of nodes.values()) {
    const place = sourcePlace(node);
    if (place !== undefined) places.push({ id: node.id, place });
  }
  const first = places[0]?.place;
  const words = (place: string) => (place === 'files' ? 'files' : `tables of the connection "${place}"`);
  return places
    .filter((p) => p.place !== first)
    .map((p) => error('invalid_config',
      `This source reads ${words(p.place)} but another reads ${words(first!)}: all sources of a workflow must be files, or tables of one connection.`,
      { nodeId: p.id, field: p.place === 'files' ? 'path' : 'connection' }));
}
