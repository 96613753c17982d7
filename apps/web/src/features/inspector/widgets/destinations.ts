import { tableName } from '../../../store/output-names.ts';

/** Where an output delivers, as the inspector edits it (the engine's output schema checks it). */
export type DestinationType = 'csv' | 'parquet' | 'json' | 'webhook' | 'postgres';
export type Destination = { type: DestinationType; delivery?: string; path?: string; url?: string; connection?: string; table?: string } & Record<string, unknown>;

const EXT: Partial<Record<DestinationType, string>> = { csv: 'csv', parquet: 'parquet', json: 'jsonl' };

/** Whether the destination is still named after the segment (a file `<segment>.csv`, a table `<segment>`), or not named yet. */
export function followsSegment(destination: Destination, segment: string): boolean {
  if (destination.type === 'postgres') return !destination.table || destination.table === tableName(segment);
  if (destination.type === 'webhook') return false;
  return !destination.path || destination.path === `${segment}.${EXT[destination.type]}`;
}

/**
 * A destination of `type` for `segment`, named after it, keeping what carries
 * over from `from` (how it delivers; a webhook's address, a table's connection).
 */
export function destinationFor(type: DestinationType, segment: string, from?: Destination): Destination {
  const delivery = from?.delivery ? { delivery: from.delivery } : {};
  if (type === 'webhook') return { url: '', ...keep(from, 'webhook'), type, ...delivery };
  if (type === 'postgres') return { ...keep(from, 'postgres'), type, connection: str(from?.connection), table: tableName(segment), ...delivery };
  return { type, path: `${segment}.${EXT[type]}`, ...delivery };
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** The other settings of a destination of the same type (a webhook's headers and batch size, a table's schema). */
function keep(from: Destination | undefined, type: DestinationType): Record<string, unknown> {
  if (!from || from.type !== type) return {};
  const { type: _t, delivery: _d, ...rest } = from;
  return rest;
}

/** The destination without settings left unset (`delivery: undefined` after choosing "everyone"): an unset key is no change. */
export function withoutEmpty(destination: Destination): Destination {
  return Object.fromEntries(Object.entries(destination).filter(([, v]) => v !== undefined)) as Destination;
}
