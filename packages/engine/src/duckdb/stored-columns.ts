import type { WorkflowAnalysis } from '../validate/index.ts';

type Analysis = Pick<WorkflowAnalysis, 'order' | 'nodes' | 'schemas' | 'adjacency'>;

/**
 * Which columns a run must carry in each node's table. A wide customer row
 * copied through every stored node costs more than the work on it, yet most
 * columns are only read by the outputs at the end: those that still hold the
 * value their origin made (a profile column, an aggregate over events) are
 * fetched by key from there when the segment is written, and nothing else in
 * between stores them.
 */
export interface StoredColumns {
  /** Columns of a node's rows that some reader needs; its key always. 'all' when a reader makes no promise. */
  needed: Map<string, ReadonlySet<string> | 'all'>;
  /** Columns of a node's rows holding, for every customer, their origin's value: fetchable by key. */
  fetchable: Map<string, ReadonlySet<string>>;
}

/**
 * `fetchableOrigin(id)`: can a column made by node `id` be looked up by key where it was made?
 * `countOnly`: outputs write nothing (previews), so they need their customers' keys alone.
 */
export function storedColumns(analysis: Analysis, fetchableOrigin: (nodeId: string) => boolean, options: { countOnly?: boolean } = {}): StoredColumns {
  const fetchable = new Map<string, ReadonlySet<string>>();
  for (const id of analysis.order) fetchable.set(id, fetchableColumns(analysis, id, fetchable, fetchableOrigin));
  const needed = new Map<string, ReadonlySet<string> | 'all'>();
  for (const id of [...analysis.order].reverse()) needed.set(id, neededColumns(analysis, id, needed, fetchable, options.countOnly === true));
  return { needed, fetchable };
}

function fetchableColumns(analysis: Analysis, id: string, known: Map<string, ReadonlySet<string>>, fetchableOrigin: (nodeId: string) => boolean): Set<string> {
  const schema = analysis.schemas.get(id);
  const passes = analysis.nodes.get(id)?.definition.passesValues;
  const result = new Set<string>();
  if (!schema || schema.kind !== 'population') return result;
  const incoming = analysis.adjacency.incoming.get(id) ?? [];
  for (const column of schema.columns) {
    if (column.origin === id) {
      if (fetchableOrigin(id)) result.add(column.name);
      continue;
    }
    if (!passes) continue;
    const carriers = incoming.filter((e) => analysis.schemas.get(e.source)?.columns.some((c) => c.name === column.name && c.origin === column.origin));
    // A union leaves a column empty for customers of the inputs that lack it.
    const everyInput = passes !== 'union' || carriers.length === incoming.length;
    if (carriers.length && everyInput && carriers.every((e) => known.get(e.source)?.has(column.name))) result.add(column.name);
  }
  return result;
}

function neededColumns(
  analysis: Analysis, id: string,
  known: Map<string, ReadonlySet<string> | 'all'>, fetchable: Map<string, ReadonlySet<string>>, countOnly: boolean,
): ReadonlySet<string> | 'all' {
  const schema = analysis.schemas.get(id);
  if (!schema || schema.kind !== 'population') return 'all';
  const names = new Set(schema.columns.map((c) => c.name));
  const needed = new Set([schema.key]);
  for (const edge of analysis.adjacency.outgoing.get(id) ?? []) {
    const reader = analysis.nodes.get(edge.target);
    // An output that only counts reads no column: a union or a rank before it keeps keys, not whole rows.
    if (countOnly && reader?.definition.role === 'output') continue;
    const ask = reader?.definition.columnsNeeded;
    if (!reader || !ask) return 'all';
    const readerNeeds = known.get(edge.target) ?? 'all';
    const downstream = readerNeeds === 'all' ? new Set(analysis.schemas.get(edge.target)?.columns.map((c) => c.name)) : readerNeeds;
    const asked = ask(reader.config as never, edge.targetPort, downstream);
    const wanted = asked === 'all' ? names : asked;
    // An output fetches what still holds its origin's value when it writes the segment.
    const fetchedLater = reader.definition.role === 'output' ? fetchable.get(id) : undefined;
    for (const name of wanted) if (names.has(name) && !fetchedLater?.has(name)) needed.add(name);
  }
  return needed.size === names.size ? 'all' : needed;
}
