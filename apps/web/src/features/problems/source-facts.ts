import type { ColumnType, SourceFacts, WorkflowInput } from '@segflow/engine';
import type { WarehouseTable } from '../../api/credentials.queries.ts';
import type { Dataset } from '../../api/datasets.queries.ts';

const INGESTION = new Set(['source', 'events']);
const baseName = (path: string) => path.split(/[\\/]/).pop() ?? path;

/**
 * What each source node reads, from the server's dataset list: the browser-side
 * validation needs the columns to check every rule downstream. Without the list
 * (still loading) sources stay unknown rather than wrongly unreadable.
 */
export function sourceFactsFor(
  doc: WorkflowInput,
  datasets: readonly Pick<Dataset, 'name' | 'columns'>[] | undefined,
  tables: Readonly<Record<string, readonly WarehouseTable[] | undefined>> = {},
): Record<string, SourceFacts> {
  const facts: Record<string, SourceFacts> = {};
  for (const node of doc.nodes) {
    if (!INGESTION.has(node.kind)) continue;
    const config = (node.config ?? {}) as { format?: unknown; path?: unknown; connection?: unknown; table?: unknown; columns?: Record<string, { type?: string }> };
    if (config.format === 'postgres') {
      const fact = tableFacts(config, tables);
      if (fact) facts[node.id] = fact;
      continue;
    }
    if (!datasets || typeof config.path !== 'string' || !config.path) continue;
    const path = config.path;
    const dataset = datasets.find((d) => d.name === path) ?? datasets.find((d) => d.name === baseName(path));
    if (!dataset) {
      facts[node.id] = { ok: false, message: 'no uploaded dataset has this name. Upload it on the Datasets page or pick another.' };
      continue;
    }
    facts[node.id] = withOverrides(dataset.columns, config.columns);
  }
  return facts;
}

function withOverrides(columns: readonly { name: string; type: ColumnType }[], overrides: Record<string, { type?: string }> | undefined): SourceFacts {
  return { ok: true, columns: columns.map((c) => ({ name: c.name, type: (overrides?.[c.name]?.type as ColumnType | undefined) ?? c.type, duckType: '' })) };
}

/**
 * A warehouse table's columns from the connection's table list (unqualified
 * names are in `public`, the usual search path). Unknown while the list
 * loads or could not be read: the server then says what is wrong.
 */
function tableFacts(config: { connection?: unknown; table?: unknown; columns?: Record<string, { type?: string }> }, tables: Readonly<Record<string, readonly WarehouseTable[] | undefined>>): SourceFacts | undefined {
  if (typeof config.connection !== 'string' || typeof config.table !== 'string' || !config.table) return undefined;
  const listed = tables[config.connection];
  if (!listed) return undefined;
  const name = config.table;
  const table = listed.find((t) => t.name === name || t.name === `public.${name}`);
  if (!table) return { ok: false, message: `there is no table "${name}" in the connection "${config.connection}" (or this connection's user cannot read it).` };
  return withOverrides(table.columns, config.columns);
}
