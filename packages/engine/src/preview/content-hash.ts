import { createHash } from 'node:crypto';
import type { WorkflowAnalysis } from '../validate/index.ts';

/** Bump when a node kind's results change for the same config, so old cache entries are not reused. */
export const RESULT_VERSION = 1;

/** JSON with sorted keys: the same config always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/**
 * A content hash per node: its kind, config, the hashes of its inputs (by port,
 * in edge order), the source file's fingerprint and the as-of date. Equal hash,
 * equal rows: editing one rule changes the hashes of that node and what lies
 * downstream only.
 */
export function nodeHashes(
  analysis: Pick<WorkflowAnalysis, 'nodes' | 'adjacency'>,
  order: readonly string[],
  context: { asOf: string; sample?: number; fingerprints: Record<string, string> },
): Map<string, string> {
  const hashes = new Map<string, string>();
  for (const id of order) {
    const node = analysis.nodes.get(id)!;
    const inputs = (analysis.adjacency.incoming.get(id) ?? []).map((e) => [e.targetPort, hashes.get(e.source)]);
    const isSource = node.definition.scope === 'source';
    const text = canonicalJson({
      v: RESULT_VERSION, kind: node.definition.kind, config: node.config, inputs,
      file: isSource ? context.fingerprints[id] : undefined,
      asOf: isSource ? undefined : context.asOf,
      sample: context.sample,
    });
    hashes.set(id, createHash('sha256').update(text).digest('hex').slice(0, 24));
  }
  return hashes;
}
