import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  applySuppression, deliveryScope, diffMembership, execute, ident, literalPath, openDatabase, queryRows, readerSql, runWorkflow, sql,
  type AddressAllowList, type Database, type Problem, type Sql, type SuppressionList,
} from '@segflow/engine/node';

type DuckDBConnection = Awaited<ReturnType<Database['connect']>>;
import type { DataPaths } from './data-paths.ts';
import { pathResolver } from './resolve-path.ts';

const SAMPLE = 5;

export interface DrySegment {
  nodeId: string;
  segment: string;
  /** Who the next delivery would send, after suppression. */
  count: number;
  suppressed: number;
  entered: number;
  exited: number;
  unchanged: number;
  /** The run whose delivered members this is compared with; null before the first delivery. */
  baseRunId: string | null;
  previousCount: number | null;
  expect: { min?: number; max?: number } | null;
  /** Plain words when the size is outside the expected range. */
  outsideExpected: string | null;
  samples: { entered: string[]; exited: string[]; unchanged: string[] };
}

export interface DryRunDeps {
  paths: DataPaths;
  addressAllowList: AddressAllowList;
  /** The run whose member keys were last delivered to this destination scope. */
  lastDelivered(workflowId: string, scope: string): string | undefined;
  snapshotFile(workflowId: string, runId: string, nodeId: string): string;
  suppression(): SuppressionList[];
}

interface OutputNode {
  id: string;
  kind: string;
  config: { segment: string; destination: { type: string } & Record<string, unknown>; expect?: { min?: number; max?: number } };
}

/**
 * What the next delivery of a document would send, without sending anything:
 * the workflow runs into a throwaway folder (remote outputs become CSV files,
 * as in a draft run), then each segment, with suppression lists applied, is
 * compared in DuckDB with the members its destination last received.
 */
export async function dryRun(deps: DryRunDeps, workflowId: string, document: unknown, asOf?: string): Promise<{ problems: Problem[]; segments: DrySegment[] }> {
  const out = mkdtempSync(join(deps.paths.tmp, 'dry-run-'));
  const database = await openDatabase();
  try {
    const result = await runWorkflow(document, { resolvePath: pathResolver(deps.paths.datasets, out), database, asOf, runId: 'dry-run', addressAllowList: deps.addressAllowList });
    if (!result.state) return { problems: result.problems, segments: [] };
    const outputs = ((document as { nodes?: OutputNode[] }).nodes ?? []).filter((n) => n.kind === 'output');
    const connection = await database.connect();
    try {
      const segments: DrySegment[] = [];
      for (const node of outputs) {
        const made = result.state.segments[node.config.segment];
        if (!made?.path) continue;
        segments.push(await compare(connection, deps, workflowId, node, made.path, result.state.asOf ?? asOf ?? ''));
      }
      return { problems: result.problems, segments };
    } finally {
      connection.closeSync();
    }
  } finally {
    database.close();
    rmSync(out, { recursive: true, force: true });
  }
}

const formatOf = (path: string) => (path.endsWith('.parquet') ? 'parquet' : path.endsWith('.json') ? 'json' : 'csv');

async function compare(connection: DuckDBConnection, deps: DryRunDeps, workflowId: string, node: OutputNode, path: string, asOf: string): Promise<DrySegment> {
  const table = ident(`dry_${node.id}`);
  await execute(connection, sql`CREATE OR REPLACE TABLE ${table} AS SELECT * FROM ${readerSql({ format: formatOf(path), path, key: '' } as never, path)}`);
  // Outputs write the key first.
  const [first] = await queryRows(connection, sql`SELECT column_name FROM (DESCRIBE ${table}) LIMIT 1`);
  const key = String(first.column_name);
  const lists = deps.suppression();
  const kept = lists.length ? await applySuppression(connection, table, key, lists, asOf, `dry_${node.id}__`) : undefined;
  const members = kept?.table ?? table;
  const count = await countOf(connection, members);
  const baseRunId = deps.lastDelivered(workflowId, deliveryScope(node.id, node.config.destination)) ?? null;
  const basePath = baseRunId ? deps.snapshotFile(workflowId, baseRunId, node.id) : undefined;
  const hasBase = basePath !== undefined && existsSync(basePath);
  const changes = await diffMembership(connection, members, key, hasBase ? basePath : undefined, `dry_${node.id}__`);
  const previousCount = hasBase ? await countOf(connection, sql`read_parquet(${literalPath(basePath)})`) : null;
  const keys = async (from: Sql) => (await queryRows(connection, sql`SELECT CAST(${ident(key)} AS VARCHAR) AS k FROM ${from} ORDER BY 1 LIMIT ${SAMPLE}`)).map((r) => String(r.k));
  const unchanged = hasBase ? sql`(SELECT t.* FROM ${members} AS t SEMI JOIN read_parquet(${literalPath(basePath)}) AS b ON b.key = t.${ident(key)})` : sql`(SELECT * FROM ${members} LIMIT 0)`;
  const expect = node.config.expect ?? null;
  const low = expect?.min !== undefined && count < expect.min;
  const high = expect?.max !== undefined && count > expect.max;
  return {
    nodeId: node.id,
    segment: node.config.segment,
    count,
    suppressed: kept?.suppressed ?? 0,
    entered: changes.enteredCount,
    exited: changes.exitedCount,
    unchanged: count - changes.enteredCount,
    baseRunId,
    previousCount,
    expect,
    outsideExpected: low || high ? `${count} customers is ${low ? 'below' : 'above'} the expected ${expect?.min ?? 0}–${expect?.max ?? '∞'}.` : null,
    samples: { entered: await keys(changes.entered), exited: await keys(changes.exited), unchanged: await keys(unchanged) },
  };
}

async function countOf(connection: DuckDBConnection, from: Sql): Promise<number> {
  const [row] = await queryRows(connection, sql`SELECT count(*) AS n FROM ${from}`);
  return Number(row.n);
}
