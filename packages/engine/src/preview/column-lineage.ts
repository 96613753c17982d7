import { createHash } from 'node:crypto';
import type { WorkflowAnalysis } from '../validate/index.ts';
import { canonicalJson, RESULT_VERSION } from './content-hash.ts';

type Analysis = Pick<WorkflowAnalysis, 'nodes' | 'adjacency' | 'schemas'>;

/**
 * `lineageHasher(...)(nodeId, columns)`: a hash of what decides a node's rows (which customers) and the values of
 * some of its columns, and nothing else: equal hash, equal keys and equal
 * values in those columns. A node's content hash (content-hash.ts) changes
 * with every edit upstream; this one ignores the nodes that only add a column
 * no one of `columns` reads from (an aggregate beside the one ranked by), so
 * what depends on those columns alone survives their edits.
 *
 * Walks upstream: a node that keeps every row and passes `columns` through
 * untouched is skipped; any other node counts with its settings and, per
 * input, the lineage of the input columns it needs for `columns`
 * (`columnsNeeded`); a source, or an input whose node promises nothing,
 * counts with its whole content hash.
 */
export function lineageHasher(analysis: Analysis, contentHashes: ReadonlyMap<string, string>, asOf: string): (nodeId: string, columns: ReadonlySet<string>) => string {
  const memo = new Map<string, string>();
  const walk = (id: string, wanted: ReadonlySet<string>): string => {
    const schema = analysis.schemas.get(id);
    const node = analysis.nodes.get(id)!;
    if (!schema || schema.kind !== 'population' || node.definition.scope === 'source') return contentHashes.get(id)!;
    const needed = new Set([schema.key, ...wanted]);
    const memoKey = `${id}|${[...needed].sort().join('\u0000')}`;
    const known = memo.get(memoKey);
    if (known) return known;
    const incoming = analysis.adjacency.incoming.get(id) ?? [];
    const passThrough = passesUntouched(analysis, id, needed);
    let hash: string;
    if (passThrough) hash = walk(passThrough, needed);
    else {
      const ask = node.definition.columnsNeeded;
      const inputs = incoming.map((e) => {
        const asked = ask ? ask(node.config as never, e.targetPort, needed) : 'all';
        return [e.targetPort, asked === 'all' ? contentHashes.get(e.source)! : walk(e.source, asked)];
      });
      hash = sha(canonicalJson({ v: RESULT_VERSION, kind: node.definition.kind, config: node.config, inputs, asOf }));
    }
    memo.set(memoKey, hash);
    return hash;
  };
  return walk;
}

/**
 * The input a node hands `columns` on from unchanged, with every one of its
 * rows: the node keeps every row, passes values through, and made none of
 * `columns` itself (each comes from that input with the same origin).
 */
function passesUntouched(analysis: Analysis, id: string, columns: ReadonlySet<string>): string | undefined {
  const { keepsEveryRow, passesValues } = analysis.nodes.get(id)!.definition;
  const input = (analysis.adjacency.incoming.get(id) ?? []).find((e) => e.targetPort === 'in')?.source;
  if (!keepsEveryRow || input === undefined) return undefined;
  const schema = analysis.schemas.get(id)!;
  // Its customers are its input's: for them alone, nothing else matters.
  if ([...columns].every((name) => name === schema.key)) return input;
  if (passesValues !== 'rows') return undefined;
  const own = schema.columns;
  const from = analysis.schemas.get(input)?.columns ?? [];
  for (const name of columns) {
    const column = own.find((c) => c.name === name);
    if (!column || column.origin === id || !from.some((c) => c.name === name && c.origin === column.origin)) return undefined;
  }
  return input;
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 24);
