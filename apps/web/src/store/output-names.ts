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

/**
 * An output's config under a segment name that no other output uses. A file named
 * after the old segment (`vip.csv`) follows the new name (`vip_2.csv`): two outputs
 * writing one file is a problem, and a copy should not start with one.
 */
export function withFreeSegment(config: Record<string, unknown>, taken: ReadonlySet<string>): Record<string, unknown> {
  const segment = freeSegment(config.segment, taken);
  if (segment === config.segment) return config;
  const destination = config.destination as { path?: unknown } | undefined;
  const path = typeof destination?.path === 'string' ? destination.path : undefined;
  const extension = path?.startsWith(`${String(config.segment)}.`) ? path.slice(String(config.segment).length) : undefined;
  return {
    ...config,
    segment,
    ...(extension !== undefined && { destination: { ...destination, path: `${segment}${extension}` } }),
  };
}
