import type { DuckDBConnection } from '@duckdb/node-api';
import { isFileDestination } from '../nodes/output.node.ts';
import type { StepOutcome } from '../run/execute-plan.ts';
import type { Sql } from '../sql/sql.ts';
import { memoryLedger } from '../destinations/ledger.ts';
import { checkSegmentSize, writeSegmentFile } from './write-output.ts';
import { deliverOutput } from './deliver-output.ts';
import { applySuppression } from './suppression.ts';
import type { DuckDbBackendOptions } from './duckdb-backend.ts';

/** What delivering a segment needs of a run's settings (shared by the DuckDB and warehouse backends). */
export type DeliverSegmentOptions = Pick<DuckDbBackendOptions,
  'analysis' | 'asOf' | 'resolvePath' | 'tablePrefix' | 'deliver' | 'remote' | 'runId' | 'ledger' | 'addressAllowList' | 'credentials' | 'snapshots' | 'suppression'>;

/**
 * Delivers a segment: files are written whole or not at all; webhooks and
 * tables get it only in runs allowed to reach outside (published versions),
 * batch by batch through the ledger, so nothing is sent twice. Other runs
 * write remote segments to a CSV file instead.
 */
export async function deliverSegment(o: DeliverSegmentOptions, connection: DuckDBConnection, nodeId: string, computed: Sql, computedRows: number, signal: AbortSignal): Promise<StepOutcome> {
  const { definition, config: settings } = o.analysis.nodes.get(nodeId)!;
  const config = definition.delivery!(settings);
  const schema = o.analysis.schemas.get(nodeId)!;
  // Suppressed keys leave a published output before anything else looks at it, size checks included.
  const suppress = o.remote && o.deliver !== false && o.suppression?.length;
  const kept = suppress ? await applySuppression(connection, computed, schema.key, o.suppression!, o.asOf, `${o.tablePrefix ?? ''}${nodeId}__`) : undefined;
  const table = kept?.table ?? computed;
  const rows = kept?.rows ?? computedRows;
  const suppressed = kept ? { suppressed: kept.suppressed } : {};
  const size = checkSegmentSize(nodeId, config, rows);
  const done = (path: string): StepOutcome => ({ rows, problems: size.problems, segment: { name: config.segment, count: rows, path, ...suppressed } });
  if (size.enforced) return { rows, problems: size.problems, failed: true };
  if (o.deliver === false) return done('');
  if (!o.remote) {
    const file = isFileDestination(config.destination) ? config.destination : { type: 'csv' as const, path: `${config.segment}.csv` };
    const path = o.resolvePath(file.path, 'write');
    await writeSegmentFile(connection, table, path, file.type);
    return done(path);
  }
  const segment = await deliverOutput({
    connection, nodeId, config, table, rows, schema, runId: o.runId, tablePrefix: o.tablePrefix ?? '',
    snapshots: o.snapshots, ledger: o.ledger ?? memoryLedger(), credentials: o.credentials,
    context: { signal, allow: o.addressAllowList ?? {} }, resolvePath: o.resolvePath,
  });
  return { rows, problems: size.problems, segment: { name: config.segment, ...segment, ...suppressed } };
}
