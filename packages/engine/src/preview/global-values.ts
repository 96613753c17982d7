import { createHash } from 'node:crypto';
import { inputOf } from '../duckdb/aggregate-chains.ts';
import { ident, sql, type Sql } from '../sql/sql.ts';
import type { WorkflowAnalysis } from '../validate/index.ts';
import { canonicalJson } from './content-hash.ts';
import type { TableCache } from './table-cache.ts';

type Analysis = Pick<WorkflowAnalysis, 'nodes' | 'adjacency' | 'schemas'>;

const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 24);

/** Where a global node's values are: a column of a node table the cache keeps. */
interface KeptValues {
  table: string;
  key: string;
  column: string;
}

/**
 * A global node's (a rank's) new column, kept between previews by what
 * decides it: the node's settings (its column's name aside) and the lineage
 * of the input columns it reads (column-lineage.ts). Editing an aggregate the
 * rank does not rank by leaves that key, so the rank made again joins the
 * values by customer instead of ordering everyone. The values stay in the
 * table that made them (no copy): known while the cache keeps that table.
 */
export class GlobalValues {
  private readonly kept = new Map<string, KeptValues>();

  constructor(private readonly tables: TableCache, private readonly max = 1000) {}

  /** The key of a node's values; undefined for nodes that are not global or do not say what they read. */
  static keyOf(analysis: Analysis, lineage: (nodeId: string, columns: ReadonlySet<string>) => string, nodeId: string): string | undefined {
    const node = analysis.nodes.get(nodeId)!;
    const input = inputOf(analysis, nodeId, 'in');
    if (node.definition.scope !== 'global' || input === undefined || !node.definition.columnsNeeded) return undefined;
    const read = node.definition.columnsNeeded(node.config as never, 'in', new Set());
    if (read === 'all') return undefined;
    const { as: _own, ...settings } = node.config as Record<string, unknown>;
    return sha(canonicalJson({ kind: node.definition.kind, settings, input: lineage(input, read) }));
  }

  /** The values by key (`__segflow_key`, `__segflow_value`), and the table they are read from; undefined when not kept. */
  lookup(key: string): { rows: Sql; table: string } | undefined {
    const kept = this.kept.get(key);
    if (!kept) return undefined;
    if (!this.tables.has(kept.table)) {
      this.kept.delete(key);
      return undefined;
    }
    return { rows: sql`(SELECT ${ident(kept.key)} AS __segflow_key, ${ident(kept.column)} AS __segflow_value FROM ${ident(kept.table)})`, table: kept.table };
  }

  remember(key: string, values: KeptValues): void {
    this.kept.delete(key);
    this.kept.set(key, values);
    if (this.kept.size > this.max) this.kept.delete(this.kept.keys().next().value!);
  }
}
