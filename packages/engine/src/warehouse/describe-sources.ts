import type { CredentialResolver } from '../destinations/credentials.ts';
import type { WarehouseReadConfig } from '../nodes/ingestion.ts';
import type { SourceFacts } from '../nodes/source-facts.ts';
import { describeTable } from './describe-table.ts';
import { CHECK_DEADLINES, openWarehouse, warehouseUrl } from './open-warehouse.ts';

/**
 * Every warehouse source's columns, one session per connection. What goes
 * wrong becomes the source's facts (a problem on the node), in words that
 * never carry the connection's URL.
 */
export async function describeWarehouseSources(
  sources: ReadonlyMap<string, WarehouseReadConfig>,
  credentials: CredentialResolver | undefined,
): Promise<Record<string, SourceFacts>> {
  const facts: Record<string, SourceFacts> = {};
  const byConnection = new Map<string, [string, WarehouseReadConfig][]>();
  for (const [id, config] of sources) byConnection.set(config.connection, [...(byConnection.get(config.connection) ?? []), [id, config]]);
  for (const [name, nodes] of byConnection) {
    const fail = (message: string) => nodes.forEach(([id]) => (facts[id] = { ok: false, message }));
    const found = warehouseUrl(name, credentials);
    if ('problem' in found) {
      fail(found.problem);
      continue;
    }
    let session;
    try {
      session = await openWarehouse(found.url, undefined, CHECK_DEADLINES);
    } catch (error) {
      fail(`the connection "${name}" failed: ${(error as Error).message}`);
      continue;
    }
    try {
      for (const [id, config] of nodes) {
        try {
          facts[id] = await describeTable(session, config);
        } catch (error) {
          facts[id] = { ok: false, message: (error as Error).message };
        }
      }
    } finally {
      await session.close();
    }
  }
  return facts;
}
