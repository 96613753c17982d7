import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { literalPath, queryRows, sql, textList } from '@segflow/engine/node';
import type { Run } from '../store/runs.store.ts';
import { snapshotDir } from '../store/deliveries.store.ts';
import { outputsOf } from './alerts/evaluate-run.ts';
import type { SharedDuckDb } from './duckdb.ts';

export interface MembershipEvent {
  runId: string;
  version: number | null;
  at: string;
  change: 'entered' | 'exited';
}

export interface SegmentMembership {
  nodeId: string;
  segment: string;
  /** In the segment as of the newest run that kept it. */
  member: boolean;
  events: MembershipEvent[];
  /** Runs whose member keys are kept for this output (older ones were pruned). */
  runs: number;
}

/**
 * When a customer entered or left each segment of a workflow, and in which
 * run: read from the member-key snapshots of its published runs (oldest first),
 * one DuckDB scan of the Parquet files per output, never the keys in memory.
 * The first kept run where the customer is a member counts as an entry.
 */
export async function membershipHistory(duckdb: SharedDuckDb, root: string, workflowId: string, runs: Run[], key: string): Promise<SegmentMembership[]> {
  const ordered = runs.filter((r) => r.version !== null && r.finishedAt).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const outputs = new Map<string, string>();
  for (const run of ordered) for (const o of outputsOf(run.document)) outputs.set(o.nodeId, o.segment);
  const connection = await (await duckdb.get()).connect();
  try {
    const result: SegmentMembership[] = [];
    for (const [nodeId, segment] of outputs) {
      const kept = ordered.flatMap((run) => {
        const file = join(snapshotDir(root, workflowId, run.id), `${nodeId}.parquet`);
        return run.state.segments[segment] && existsSync(file) ? [{ run, file }] : [];
      });
      if (!kept.length) continue;
      const rows = await queryRows(connection, sql`SELECT DISTINCT filename FROM read_parquet(${textList(kept.map((k) => literalPath(k.file)))}, filename = true) WHERE CAST(key AS VARCHAR) = ${key}`);
      const hits = new Set(rows.map((r) => String(r.filename)));
      const events: MembershipEvent[] = [];
      let member = false;
      for (const { run, file } of kept) {
        const now = hits.has(literalPath(file)) || hits.has(file);
        if (now !== member) events.push({ runId: run.id, version: run.version, at: run.finishedAt ?? run.createdAt, change: now ? 'entered' : 'exited' });
        member = now;
      }
      result.push({ nodeId, segment, member, events, runs: kept.length });
    }
    return result;
  } finally {
    connection.closeSync();
  }
}
