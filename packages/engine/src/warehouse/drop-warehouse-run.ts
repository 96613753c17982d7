import type { CredentialResolver } from '../destinations/credentials.ts';
import { CHECK_DEADLINES, openWarehouse, warehouseUrl } from './open-warehouse.ts';
import { dropWorkSchema } from './work-schema.ts';

/** The connection a document's warehouse sources read, read from the document alone (no check). */
function connectionOf(document: unknown): string | undefined {
  const nodes = (document as { nodes?: unknown } | null)?.nodes;
  if (!Array.isArray(nodes)) return undefined;
  for (const node of nodes) {
    const config = (node as { config?: { format?: unknown; connection?: unknown } } | null)?.config;
    if (config?.format === 'postgres' && typeof config.connection === 'string') return config.connection;
  }
  return undefined;
}

/**
 * Drops the work schemas runs kept in their warehouse for a resume
 * (work-schema.ts): the runs were deleted, pruned, or ended for good. One
 * session per warehouse, however many runs. Nothing to do for documents
 * reading files, or whose connection is gone.
 */
export async function dropWarehouseRuns(runs: readonly { id: string; document: unknown }[], credentials: CredentialResolver | undefined): Promise<void> {
  const byUrl = new Map<string, string[]>();
  for (const run of runs) {
    const connection = connectionOf(run.document);
    if (connection === undefined) continue;
    const found = warehouseUrl(connection, credentials);
    if ('problem' in found) continue;
    byUrl.set(found.url, [...(byUrl.get(found.url) ?? []), run.id]);
  }
  for (const [url, runIds] of byUrl) {
    const session = await openWarehouse(url, undefined, CHECK_DEADLINES);
    try {
      for (const runId of runIds) await dropWorkSchema(session, runId);
    } finally {
      await session.close();
    }
  }
}
