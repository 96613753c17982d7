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
 * Drops the work schema a run of `document` kept in its warehouse for a
 * resume (work-schema.ts): the run was deleted, pruned, or ended for good.
 * Nothing to do for a document reading files, or whose connection is gone.
 */
export async function dropWarehouseRun(document: unknown, runId: string, credentials: CredentialResolver | undefined): Promise<void> {
  const connection = connectionOf(document);
  if (connection === undefined) return;
  const found = warehouseUrl(connection, credentials);
  if ('problem' in found) return;
  const session = await openWarehouse(found.url, undefined, CHECK_DEADLINES);
  try {
    await dropWorkSchema(session, runId);
  } finally {
    await session.close();
  }
}
