import { join } from 'node:path';
import { checkWorkflow, error, hasErrors, type AddressAllowList, type Problem, type Workflow } from '@segflow/engine/node';
import type { SharedDuckDb } from './duckdb.ts';
import { pathResolver, resolveInside } from './resolve-path.ts';

export interface SourceSummary {
  ok: boolean;
  columns?: { name: string; type: string }[];
  message?: string;
}

export interface DocumentCheck {
  ok: boolean;
  problems: Problem[];
  /** What the server found for each source node: its file's columns, or why it cannot be read. */
  sources: Record<string, SourceSummary>;
  workflow?: Workflow;
}

/**
 * The engine's validation plus what only the server knows: sources must be
 * datasets, and outputs must stay inside the run's folder (checked up front, so a
 * run is refused instead of failing at its last node).
 */
export async function checkDocument(
  document: unknown,
  deps: { duckdb: SharedDuckDb; datasets: string; outputs: string; addressAllowList?: AddressAllowList },
): Promise<DocumentCheck> {
  const analysis = await checkWorkflow(document, { resolvePath: pathResolver(deps.datasets), database: await deps.duckdb.get(), addressAllowList: deps.addressAllowList });
  const problems = [...analysis.problems];
  const probe = join(deps.outputs, '_check');
  for (const node of analysis.nodes.values()) {
    if (node.definition.kind !== 'output') continue;
    const destination = (node.config as { destination?: { type?: string; path?: string } }).destination;
    // Webhooks and tables have no path; a draft run writes them to <segment>.csv inside the run's folder.
    if (!destination || !['csv', 'parquet', 'json'].includes(destination.type ?? '')) continue;
    const path = destination.path ?? '';
    try {
      resolveInside(probe, path, 'Output', "run's outputs folder");
    } catch (e) {
      problems.push(error('invalid_config', (e as Error).message, { nodeId: node.id, field: 'destination.path' }));
    }
  }
  const sources = Object.fromEntries(
    Object.entries(analysis.sources).map(([id, facts]) => [
      id,
      facts.ok ? { ok: true, columns: facts.columns.map((c) => ({ name: c.name, type: c.type })) } : { ok: false, message: facts.message },
    ]),
  );
  return { ok: !hasErrors(problems), problems, sources, workflow: analysis.workflow };
}
