import type { Logger } from 'pino';
import { sweepWorkSchemas, type CredentialResolver } from '@segflow/engine/node';

export interface WarehouseSweep {
  /** The names of the stored connections. */
  connections: () => string[];
  credentials: CredentialResolver;
  /** The ids of the runs that ended for good (no retry or resume can use their tables). */
  ended: () => string[];
  logger: Logger;
}

/**
 * Drops, in every stored connection's warehouse, the work schemas of runs that
 * ended for good: what a crash between a run's end and its clean-up left behind. A warehouse that cannot be reached
 * is logged and skipped; the others are still swept.
 */
export async function sweepWarehouses(o: WarehouseSweep): Promise<void> {
  const seen = new Set<string>();
  for (const name of o.connections()) {
    const url = o.credentials.connection(name);
    if (!url || seen.has(url)) continue;
    seen.add(url);
    try {
      const dropped = await sweepWorkSchemas(url, o.ended);
      if (dropped.length) o.logger.info({ connection: name, schemas: dropped }, `Dropped ${dropped.length} work schema(s) that finished runs left in the warehouse of connection "${name}".`);
    } catch (err) {
      o.logger.warn({ connection: name, err: (err as Error).message }, `Could not tidy the warehouse of connection "${name}": ${(err as Error).message}`);
    }
  }
}
