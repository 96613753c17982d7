import { createHash } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { inputOf } from '../duckdb/aggregate-chains.ts';
import { createTableAs, execute } from '../duckdb/database.ts';
import { ident, sql } from '../sql/sql.ts';
import type { WorkflowAnalysis } from '../validate/index.ts';

import { canonicalJson } from './content-hash.ts';
import { estimateBytes, type TableCache } from './table-cache.ts';

type Analysis = Pick<WorkflowAnalysis, 'nodes' | 'adjacency' | 'schemas'>;

const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 24);

/**
 * Where a global node's (a rank's) new column is kept between previews: a
 * table named by the node's settings (its column's name aside) and the
 * lineage of the input columns it reads (column-lineage.ts). Editing an
 * aggregate the rank does not read leaves the name, so the rank joins its
 * kept values instead of ordering every customer again. Undefined for nodes
 * that are not global or do not say what they read.
 */
export function globalValuesTable(analysis: Analysis, lineage: (nodeId: string, columns: ReadonlySet<string>) => string, nodeId: string): string | undefined {
  const node = analysis.nodes.get(nodeId)!;
  const input = inputOf(analysis, nodeId, 'in');
  if (node.definition.scope !== 'global' || input === undefined || !node.definition.columnsNeeded) return undefined;
  const read = node.definition.columnsNeeded(node.config as never, 'in', new Set());
  if (read === 'all') return undefined;
  const { as: _own, ...settings } = node.config as Record<string, unknown>;
  return `r_${sha(canonicalJson({ kind: node.definition.kind, settings, input: lineage(input, read) }))}`;
}

/** Copies a computed global node's new column by key out of its table into `target`, kept by the cache. */
export async function keepGlobalValues(connection: DuckDBConnection, tables: TableCache, o: { target: string; from: string; key: string; column: string; rows: number }): Promise<void> {
  await execute(connection, createTableAs(ident(o.target),
    sql`SELECT ${ident(o.key)} AS __segflow_key, ${ident(o.column)} AS __segflow_value FROM ${ident(o.from)}`, { temporary: true }));
  tables.add(o.target, estimateBytes(o.rows, ['string', 'number']));
}
