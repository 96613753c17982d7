import type { SourceFacts, WorkflowInput } from '@segflow/engine';
import type { Dataset } from '../../api/datasets.queries.ts';

const INGESTION = new Set(['source', 'events']);
const baseName = (path: string) => path.split(/[\\/]/).pop() ?? path;

/**
 * What each source node reads, from the server's dataset list: the browser-side
 * validation needs the columns to check every rule downstream. Without the list
 * (still loading) sources stay unknown rather than wrongly unreadable.
 */
export function sourceFactsFor(doc: WorkflowInput, datasets: readonly Pick<Dataset, 'name' | 'columns'>[] | undefined): Record<string, SourceFacts> {
  if (!datasets) return {};
  const facts: Record<string, SourceFacts> = {};
  for (const node of doc.nodes) {
    if (!INGESTION.has(node.kind)) continue;
    const config = (node.config ?? {}) as { path?: unknown; columns?: Record<string, { type?: string }> };
    if (typeof config.path !== 'string' || !config.path) continue;
    const path = config.path;
    const dataset = datasets.find((d) => d.name === path) ?? datasets.find((d) => d.name === baseName(path));
    if (!dataset) {
      facts[node.id] = { ok: false, message: 'no uploaded dataset has this name. Upload it on the Datasets page or pick another.' };
      continue;
    }
    facts[node.id] = {
      ok: true,
      columns: dataset.columns.map((c) => {
        const override = config.columns?.[c.name]?.type;
        return { name: c.name, type: (override as typeof c.type | undefined) ?? c.type, duckType: '' };
      }),
    };
  }
  return facts;
}
