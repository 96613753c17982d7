import { useQueries, useQuery } from '@tanstack/react-query';
import { analyzeWorkflow, type Schema, type WorkflowAnalysis } from '@segflow/engine';
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { warehouseTablesQuery, type WarehouseTable } from '../../api/credentials.queries.ts';
import { datasetListQuery, type Dataset } from '../../api/datasets.queries.ts';
import { semanticKey } from '../../store/document-convert.ts';
import { useEditor } from '../../store/editor-provider.tsx';
import { selectDocument } from '../../store/selectors.ts';
import { usePreview } from '../preview/preview-context.tsx';
import { mergeProblems, problemsByNode, serverSide, type ShownProblem } from './merge-problems.ts';
import { sourceFactsFor } from './source-facts.ts';

export interface AnalysisValue {
  analysis: WorkflowAnalysis;
  /** The browser's problems and the server's, merged. */
  problems: ShownProblem[];
  problemsByNode: ReadonlyMap<string, ShownProblem[]>;
  datasets: readonly Dataset[] | undefined;
}

const AnalysisContext = createContext<AnalysisValue | null>(null);

/**
 * Runs the engine's validation in the browser on every edit (it is linear in the
 * graph, so instant): problems for the canvas and the panel, and every node's
 * columns for the inspector's field pickers.
 */
export function AnalysisProvider({ children }: { children: ReactNode }) {
  const doc = useEditor(selectDocument);
  const datasets = useQuery(datasetListQuery()).data;
  const { serverProblems, dataProblems } = usePreview();
  const tables = useWarehouseTables(warehouseConnections(doc.nodes));
  const key = semanticKey(doc);
  // Keyed on the meaning of the document: moving or selecting nodes does not re-validate.
  // The store keeps the objects of unedited nodes, so remembering lets an edit re-check only what it touched.
  const analysis = useMemo(
    () => analyzeWorkflow(doc, { sources: sourceFactsFor(doc, datasets, tables.byConnection), remember: true }),
    [key, datasets, tables.key],
  );
  const value = useMemo(() => {
    const problems = mergeProblems(analysis.problems, serverSide(serverProblems, dataProblems));
    return { analysis, problems, problemsByNode: problemsByNode(problems), datasets };
  }, [analysis, serverProblems, dataProblems, datasets]);
  return <AnalysisContext.Provider value={value}>{children}</AnalysisContext.Provider>;
}

/** The stored connections the document's warehouse sources name, sorted. */
function warehouseConnections(nodes: readonly { config?: unknown }[]): string[] {
  const names = nodes.map((n) => n.config as { format?: unknown; connection?: unknown } | undefined)
    .filter((c) => c?.format === 'postgres' && typeof c.connection === 'string' && c.connection !== '')
    .map((c) => c!.connection as string);
  return [...new Set(names)].sort();
}

/** Each named connection's tables (shared with the inspector's table picker), and a key that changes when any list arrives. */
function useWarehouseTables(connections: string[]) {
  return useQueries({
    queries: connections.map((c) => warehouseTablesQuery(c)),
    combine: (results) => {
      const byConnection: Record<string, readonly WarehouseTable[] | undefined> = {};
      results.forEach((r, i) => (byConnection[connections[i]] = r.data?.tables));
      return { byConnection, key: results.map((r, i) => `${connections[i]}:${r.dataUpdatedAt}`).join('|') };
    },
  });
}

export function useAnalysis(): AnalysisValue {
  const value = useContext(AnalysisContext);
  if (!value) throw new Error('useAnalysis must be used inside <AnalysisProvider>');
  return value;
}

/** The columns arriving at a node, per input port, in edge order (undefined where unknown). */
export function inputSchemas(analysis: WorkflowAnalysis, nodeId: string, edges: readonly { source: string; target: string; targetHandle?: string | null }[]): Record<string, (Schema | undefined)[]> {
  const byPort: Record<string, (Schema | undefined)[]> = {};
  for (const e of edges) {
    if (e.target !== nodeId) continue;
    const port = e.targetHandle ?? 'in';
    (byPort[port] ??= []).push(analysis.schemas.get(e.source));
  }
  return byPort;
}
