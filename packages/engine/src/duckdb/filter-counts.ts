import type { DuckDBConnection } from '@duckdb/node-api';
import type { Dialect } from '../sql/dialects/index.ts';
import { ident, intLiteral, join, sql, type Sql } from '../sql/sql.ts';
import type { WorkflowAnalysis } from '../validate/index.ts';
import { queryRows } from './database.ts';
import { rowsOver, type FilterOver } from './fused-filters.ts';

/**
 * The counts of a lean run's inline filters, and of the combines fused into
 * filters, over the same rows further up (fused-filters.ts): one statement
 * for all of them, made when the first is counted. Over a stored table, each
 * count is a WHERE over it: DuckDB tests a FILTER clause's every rule on
 * every row, where a WHERE goes into the scan and tests each rule only on the
 * rows still in (a chain of six filters on a million customers: 230 ms as
 * FILTERs, 33 ms as WHEREs). Over rows computed inline (a join), computing
 * them once for every count would cost more: one scan with a FILTER per node.
 * Whole steps only; a node that cannot be counted this way gets undefined and
 * is counted on its own.
 */
export class FilterCounts {
  /** Each countable node's rows, by node id, for nodes sharing their base with another. */
  private readonly overs = new Map<string, Required<FilterOver>>();
  /** The counts of each base's nodes, by base id, while or once they are read. */
  private readonly counting = new Map<string, Promise<Map<string, number> | undefined>>();

  /** `counted`: the nodes whose count a step asks for (inline, not partitioned); `stored`: whether a node's rows are a table. */
  constructor(
    analysis: Pick<WorkflowAnalysis, 'nodes' | 'schemas' | 'adjacency'>, nodes: Iterable<string>, counted: (id: string) => boolean, asOf: Sql, dialect: Dialect,
    private readonly stored: (id: string) => boolean,
  ) {
    const byBase = new Map<string, string[]>();
    for (const id of nodes) {
      if (!counted(id)) continue;
      const over = rowsOver(analysis, id, asOf, dialect);
      if (!over?.where) continue;
      this.overs.set(id, { base: over.base, where: over.where });
      const ids = byBase.get(over.base);
      if (ids) ids.push(id);
      else byBase.set(over.base, [id]);
    }
    // Alone on its base, a node is counted as before: the same one scan.
    for (const ids of byBase.values()) if (ids.length === 1) this.overs.delete(ids[0]);
  }

  /**
   * The node's rows, counted with the other nodes over its base (`rowsOf`:
   * where a node's rows are); undefined when it is not one of them, or when
   * the shared scan failed: then each node is counted on its own, and only a
   * node whose own count fails fails (one bad condition must not fail the rest).
   */
  async rows(connection: DuckDBConnection, nodeId: string, rowsOf: (base: string) => Sql): Promise<number | undefined> {
    const over = this.overs.get(nodeId);
    if (!over) return undefined;
    let counts = this.counting.get(over.base);
    if (!counts) {
      counts = this.countBase(connection, over.base, rowsOf(over.base)).catch(() => undefined);
      this.counting.set(over.base, counts);
    }
    return (await counts)?.get(nodeId);
  }

  private async countBase(connection: DuckDBConnection, base: string, rows: Sql): Promise<Map<string, number>> {
    const members = [...this.overs].filter(([, over]) => over.base === base);
    if (!this.stored(base)) {
      const columns = members.map(([, over], i) => sql`count(*) FILTER (WHERE ${over.where}) AS ${ident(`n${i}`)}`);
      const [row] = await queryRows(connection, sql`SELECT ${join(columns, ', ')} FROM ${rows} AS p`);
      return new Map(members.map(([id], i) => [id, Number(row[`n${i}`])]));
    }
    const counts = members.map(([, over], i) => sql`SELECT ${intLiteral(i)} AS i, count(*) AS n FROM ${rows} AS p WHERE ${over.where}`);
    const found = await queryRows(connection, join(counts, ' UNION ALL '));
    return new Map(found.map((r) => [members[Number(r.i)][0], Number(r.n)]));
  }
}
