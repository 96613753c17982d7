import type { EditorNode } from './editor-types.ts';

/** Segment names already used by the outputs among `nodes`. */
export const segmentsOf = (nodes: readonly EditorNode[]) =>
  new Set(nodes.filter((n) => n.data.kind === 'output').map((n) => String(n.data.config.segment ?? '')));

/** The name itself when free, else the first free `name_2`, `name_3`, … */
export function freeSegment(name: unknown, taken: ReadonlySet<string>): string {
  const base = typeof name === 'string' && name ? name : 'segment';
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}_${i}`)) return `${base}_${i}`;
}

/** A table name from a segment name: what PostgreSQL takes unquoted (letters, digits, _; not a digit first). */
export function tableName(segment: string): string {
  const name = segment.toLowerCase().replace(/[^a-z0-9_]+/g, '_').slice(0, 63);
  return /^[a-z_]/.test(name) ? name : `s_${name}`.slice(0, 63);
}

/**
 * An output's config under a segment name that no other output uses. A file or a
 * table named after the old segment (`vip.csv`, `vip`) follows the new name
 * (`vip_2.csv`, `vip_2`): two outputs writing one file or one table is a
 * problem, and a copy should not start with one.
 */
export function withFreeSegment(config: Record<string, unknown>, taken: ReadonlySet<string>): Record<string, unknown> {
  const segment = freeSegment(config.segment, taken);
  if (segment === config.segment) return config;
  const old = String(config.segment);
  const destination = config.destination as { type?: unknown; path?: unknown; table?: unknown } | undefined;
  const path = typeof destination?.path === 'string' ? destination.path : undefined;
  const extension = path?.startsWith(`${old}.`) ? path.slice(old.length) : undefined;
  const followsTable = destination?.type === 'postgres' && destination.table === tableName(old);
  return {
    ...config,
    segment,
    ...(extension !== undefined && { destination: { ...destination, path: `${segment}${extension}` } }),
    ...(followsTable && { destination: { ...destination, table: tableName(segment) } }),
  };
}
