import type { DuckDBConnection } from '@duckdb/node-api';
import type { Schema } from '../model/column.ts';
import { isFileDestination, type OutputConfig } from '../nodes/output.node.ts';
import type { SegmentResult } from '../run/run-events.ts';
import type { Sql } from '../sql/sql.ts';
import { deliverPostgres, deliverWebhook, postgresDeliveryKey, type PostgresContext } from '../destinations/deliver.ts';
import { ANY_ADDRESS } from '../destinations/address-policy.ts';
import { resolveCredentials, type CredentialResolver } from '../destinations/credentials.ts';
import { isConnectionName } from '../destinations/postgres-url.ts';
import { tableSegment } from '../destinations/duckdb-segment.ts';
import type { DeliveryLedger } from '../destinations/ledger.ts';
import { deliveryScope, diffMembership, writeSnapshot, type MembershipChanges, type MembershipSnapshots } from '../destinations/membership.ts';
import { deliverWebhookChanges } from '../destinations/webhook-changes.ts';
import { writeSegmentFile } from './write-output.ts';

export interface OutputDelivery {
  connection: DuckDBConnection;
  nodeId: string;
  config: OutputConfig;
  /** The segment's rows (after suppression). */
  table: Sql;
  rows: number;
  schema: Schema;
  runId: string;
  /** Prefix for the run's own tables. */
  tablePrefix: string;
  /** Keeps the members' keys and the last delivered ones (published runs of the server). */
  snapshots?: MembershipSnapshots;
  ledger: DeliveryLedger;
  credentials?: CredentialResolver;
  context: Omit<PostgresContext, 'ledger' | 'runId' | 'nodeId' | 'segmentName'>;
  resolvePath(path: string, use: 'write'): string;
}

/** `vip.csv` → `vip.entered.csv`: the changes files beside a segment file. */
export const changesPath = (path: string, which: 'entered' | 'exited') => `${path.replace(/\.[A-Za-z0-9]+$/, '')}.${which}.csv`;

/**
 * Delivers one output of a run allowed to reach outside (a published version).
 * With snapshots (the server's published runs) it also keeps the members'
 * keys, diff them against the destination's last delivered snapshot (counts
 * reported as entered/exited), and with `delivery: "changes"` send only the
 * difference. The snapshot becomes the destination's last delivered one only
 * once the delivery is complete, so a failed delivery's changes are sent again
 * by the next run.
 */
export async function deliverOutput(o: OutputDelivery): Promise<SegmentResult> {
  const named = o.config.destination;
  const key = o.schema.key;
  const tracked = o.snapshots;
  const scope = deliveryScope(o.nodeId, named as { type: string } & Record<string, unknown>);
  let changes: MembershipChanges | undefined;
  if (tracked) {
    await writeSnapshot(o.connection, o.table, key, tracked.file(o.runId, o.nodeId));
    const base = await tracked.base(scope, o.runId);
    changes = await diffMembership(o.connection, o.table, key, base === undefined ? undefined : tracked.file(base, o.nodeId), `${o.tablePrefix}${o.nodeId}__`);
  }
  const onlyChanges = Boolean(changes) && (named as { delivery?: string }).delivery === 'changes';
  const counted = (path: string): SegmentResult => ({ count: o.rows, path, ...(changes ? { entered: changes.enteredCount, exited: changes.exitedCount } : {}) });

  if (isFileDestination(named)) {
    const path = o.resolvePath(named.path, 'write');
    await writeSegmentFile(o.connection, o.table, path, named.type);
    if (onlyChanges && changes) {
      await writeSegmentFile(o.connection, changes.entered, changesPath(path, 'entered'), 'csv');
      await writeSegmentFile(o.connection, changes.exited, changesPath(path, 'exited'), 'csv');
    }
    await tracked?.delivered(scope, o.runId);
    return counted(path);
  }
  // Names become values only here, at the last moment: documents and events never hold them.
  const destination = resolveCredentials(named, o.credentials);
  const segment = (table: Sql, count: number, schema = o.schema) => tableSegment(o.connection, table, schema, count);
  // A stored connection's host was chosen by an admin: the address policy is for URLs written in documents.
  const adminChosen = named.type === 'postgres' && isConnectionName(named.connection);
  const ctx = { ...o.context, ...(adminChosen && { allow: ANY_ADDRESS }), runId: o.runId, nodeId: o.nodeId, segmentName: o.config.segment, ledger: o.ledger };
  if (destination.type === 'webhook') {
    if (onlyChanges && changes) {
      const keyOnly = { ...o.schema, columns: o.schema.columns.filter((c) => c.name === key) };
      await deliverWebhookChanges(segment(changes.entered, changes.enteredCount), segment(changes.exited, changes.exitedCount, keyOnly), destination, ctx);
    } else await deliverWebhook(segment(o.table, o.rows), destination, ctx);
    await tracked?.delivered(scope, o.runId);
    return counted(`webhook:${new URL(destination.url).host}`);
  }
  const where = `postgres:${destination.schema ? `${destination.schema}.` : ''}${destination.table}`;
  if (!tracked) {
    await deliverPostgres(segment(o.table, o.rows), destination, ctx);
    return counted(where);
  }
  // The table's delivery and the new last snapshot are recorded in one transaction.
  const tableKey = postgresDeliveryKey(o.runId, o.nodeId);
  const ledger: DeliveryLedger = {
    delivered: (k) => o.ledger.delivered(k),
    record: (k) => (k === tableKey ? tracked.delivered(scope, o.runId, k) : o.ledger.record(k)),
  };
  if (onlyChanges && changes?.hasBase) {
    const keyOnly = { ...o.schema, columns: o.schema.columns.filter((c) => c.name === key) };
    await deliverPostgres(segment(changes.entered, changes.enteredCount), destination, { ...ctx, ledger }, { exited: segment(changes.exited, changes.exitedCount, keyOnly) });
  } else {
    // A first change-only delivery makes the table equal the segment, like a full one.
    await deliverPostgres(segment(o.table, o.rows), destination, { ...ctx, ledger });
  }
  return counted(where);
}
