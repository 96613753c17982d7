import type { Column } from '../model/column.ts';
import type { SummaryStep } from '../nodes/event-summary.ts';
import type { RunPlan } from '../plan/index.ts';
import type { WorkflowAnalysis } from '../validate/index.ts';
import { aggregateChains, inputOf, type AggregateChains } from './aggregate-chains.ts';
import { storedColumns, type StoredColumns } from './stored-columns.ts';
import { readsPast } from './fused-filters.ts';

type Analysis = Pick<WorkflowAnalysis, 'order' | 'nodes' | 'schemas' | 'adjacency'>;

/**
 * What a run stores and what it recomputes, decided before any SQL runs (and
 * testable without DuckDB): which nodes are inlined into their readers, which
 * summary readers share one scan of their events, which columns each table
 * keeps. The executor (duckdb-backend.ts) follows it.
 */
export interface StoragePlan {
  /** Events node → the summary values its readers need, computed in one scan. */
  summaries: Map<string, SummaryStep[]>;
  /** Summary readers in a row computed by the last (see aggregate-chains.ts). */
  chains: AggregateChains;
  /** Nodes recomputed by their readers instead of stored. */
  inline: Set<string>;
  /** Columns each stored node's table needs (absent: every column). */
  columns?: StoredColumns;
  /** Outputs write nothing (previews, counting runs): no column is fetched from a source's table later. */
  countOnly?: boolean;
}

export interface StoragePlanOptions {
  /** Off: every node is a whole table (see `DuckDbBackendOptions.lean`). */
  lean?: boolean;
  /** False: outputs write no file, so their SELECT runs only for the count. */
  deliver?: boolean;
  /**
   * Tables outlive the run (previews keep them between edits): a filter on
   * behaviour rules is stored when anything reads it, so it joins its summary
   * once, and an edit of a sibling (another audience of the same priority)
   * reads its table instead of joining the summary again for it.
   */
  kept?: boolean;
}

export function storagePlan(analysis: Analysis, plan: Pick<RunPlan, 'partitioned'>, options: StoragePlanOptions): StoragePlan {
  if (!options.lean) return { summaries: new Map(), chains: { chains: new Map(), folded: new Set(), headOf: new Map() }, inline: new Set() };
  const summaries = eventSummaries(analysis);
  const summarised = (id: string) => summaryOf(analysis, summaries, id) !== undefined;
  const inline = inlineNodes(analysis, summarised, options.deliver !== false, options.kept === true);
  const countOnly = options.deliver === false;
  const columns = storedColumns(analysis, (id) => {
    const definition = analysis.nodes.get(id)?.definition;
    return definition?.scope === 'source' || (Boolean(definition?.eventSummary?.value) && summarised(id));
  }, { countOnly });
  return { summaries, chains: aggregateChains(analysis, plan), inline, columns, countOnly };
}

/** The events node whose summary `nodeId` reads, when its events are summarised. */
export function summaryOf(analysis: Pick<Analysis, 'nodes' | 'adjacency'>, summaries: StoragePlan['summaries'], nodeId: string): string | undefined {
  if (!analysis.nodes.get(nodeId)?.definition.eventSummary) return undefined;
  const events = inputOf(analysis, nodeId, 'events');
  return events !== undefined && summaries.has(events) ? events : undefined;
}

/** Every summary reader's values, gathered by the events they read. */
function eventSummaries(analysis: Analysis): Map<string, SummaryStep[]> {
  const summaries = new Map<string, SummaryStep[]>();
  for (const id of analysis.order) {
    const node = analysis.nodes.get(id);
    const hook = node?.definition.eventSummary;
    const events = hook ? inputOf(analysis, id, 'events') : undefined;
    if (!node || !hook || !events) continue;
    const steps = hook.steps(id, node.config);
    if (steps.length) summaries.set(events, [...(summaries.get(events) ?? []), ...steps]);
  }
  return summaries;
}

/**
 * Cheap nodes, and joins whose SELECT would run at most twice if inlined
 * (with `kept` tables, a filter on behaviour rules only when nothing reads it).
 * An inlined node's SELECT runs for its own count (a costly node keeping
 * every row counts its input instead), for an output's file, and for each
 * reader: once for a stored reader, as often as an inlined reader's runs,
 * never for a combine fused past it.
 * Decided from the outputs back, since an inlined reader passes its own runs on.
 */
function inlineNodes(analysis: Analysis, summarised: (id: string) => boolean, deliver: boolean, kept: boolean): Set<string> {
  const inline = new Set<string>();
  const runs = new Map<string, number>();
  for (const id of [...analysis.order].reverse()) {
    const node = analysis.nodes.get(id);
    if (!node) continue;
    const { role, cheapToRecompute, keepsEveryRow, output } = node.definition;
    const own = keepsEveryRow && !cheapToRecompute ? 0 : role === 'output' && deliver ? 2 : 1;
    // A combine fused into a filter of the rows further up (fused-filters.ts) reads those rows, never this node's.
    const readers = (analysis.adjacency.outgoing.get(id) ?? []).map((e) => e.target).filter((r) => !readsPast(analysis, r));
    runs.set(id, readers.reduce((n, r) => n + (inline.has(r) ? runs.get(r)! : 1), own));
    const join = role === 'combine' || summarised(id);
    // A filter on behaviour rules joins its summary: a join, when its table outlives the run.
    const summaryFilter = kept && cheapToRecompute && summarised(id) && node.definition.eventSummary!.steps(id, node.config).length > 0;
    // Events are read by summary readers alone, which read their summary: events never need a table.
    if (output === 'events' || (cheapToRecompute && !summaryFilter) || (join && runs.get(id)! <= (summaryFilter ? 1 : 2))) inline.add(id);
  }
  return inline;
}

/**
 * The columns a stored node's table keeps, when not all: the others nobody
 * reads. A source keeps all when outputs fetch their columns from it; when
 * they only count, it keeps what its readers read (the file is read for those alone).
 */
export function keptColumns(analysis: Analysis, storage: StoragePlan, nodeId: string): Column[] | undefined {
  const needed = storage.columns?.needed.get(nodeId);
  const { scope, role } = analysis.nodes.get(nodeId)!.definition;
  if (!needed || needed === 'all' || (scope === 'source' && !storage.countOnly) || role === 'output') return undefined;
  return analysis.schemas.get(nodeId)!.columns.filter((c) => needed.has(c.name));
}
