import type { DescribableDocument, NodeRunState } from '@segflow/engine';
import { createContext, useContext, useLayoutEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { NodeCount } from '../../api/preview.queries.ts';
import type { ShownProblem } from '../problems/merge-problems.ts';
import { useAnalysis } from '../problems/analysis-context.tsx';
import { usePreview } from '../preview/preview-context.tsx';
import { useActiveRun } from '../runs/run-context.tsx';
import { nodeWords } from './node-summary.ts';

/** What the canvas shows of every node: the live counts, the problems, the shown run. */
export interface StatusSources {
  counts: Readonly<Record<string, NodeCount>>;
  stale: boolean;
  problemsByNode: ReadonlyMap<string, readonly ShownProblem[]>;
  runNodes: Readonly<Record<string, NodeRunState>> | undefined;
  /** The document the counts are for: a filter's or an output's words are read along its path in it. */
  document?: DescribableDocument;
}

/** One node's part of it. */
export interface NodeStatus {
  count?: NodeCount;
  /** The count is from an earlier version of the document (false without a count). */
  stale: boolean;
  problems: readonly ShownProblem[];
  run?: NodeRunState;
  /** Who a filter or an output holds, in a sentence (its card's tooltip). */
  words?: string;
}

const NO_PROBLEMS: readonly ShownProblem[] = [];
const EMPTY: StatusSources = { counts: {}, stale: false, problemsByNode: new Map(), runNodes: undefined };

const sameCount = (a: NodeCount | undefined, b: NodeCount | undefined) =>
  a === b || (!!a && !!b && a.rows === b.rows && a.exact === b.exact && a.bound === b.bound);
const sameProblems = (a: readonly ShownProblem[], b: readonly ShownProblem[]) =>
  a === b || (a.length === b.length && a.every((p, i) => p.severity === b[i].severity && p.message === b[i].message && p.code === b[i].code));
const sameStatus = (a: NodeStatus, b: NodeStatus) =>
  a.stale === b.stale && a.run === b.run && a.words === b.words && sameCount(a.count, b.count) && sameProblems(a.problems, b.problems);

/**
 * Every node's status, read node by node: a node subscribes to its own and
 * re-renders only when that changes (a new count for one node re-renders
 * that node, not the 500 others), instead of each reading the whole contexts.
 */
export class NodeStatusStore {
  private sources = EMPTY;
  private readonly snapshots = new Map<string, NodeStatus>();
  /** Words by node for the current document: read once per document, not once per count update. */
  private words = new Map<string, string | undefined>();
  private readonly listeners = new Set<() => void>();

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  /** New sources, read by nodes rendered from now on; `notify` tells those already shown. */
  update(sources: StatusSources) {
    if (sources.document !== this.sources.document) this.words = new Map();
    this.sources = sources;
  }

  notify() {
    for (const listener of this.listeners) listener();
  }

  /** The same object while the node's status is the same, so unchanged nodes skip rendering. */
  status(nodeId: string): NodeStatus {
    const { counts, stale, problemsByNode, runNodes } = this.sources;
    const count = counts[nodeId];
    const next: NodeStatus = { count, stale: count ? stale : false, problems: problemsByNode.get(nodeId) ?? NO_PROBLEMS, run: runNodes?.[nodeId], words: this.wordsOf(nodeId) };
    const previous = this.snapshots.get(nodeId);
    if (previous && sameStatus(previous, next)) return previous;
    this.snapshots.set(nodeId, next);
    return next;
  }

  private wordsOf(nodeId: string): string | undefined {
    const { document } = this.sources;
    if (!document) return undefined;
    if (!this.words.has(nodeId)) {
      const kind = document.nodes.find((n) => n.id === nodeId)?.kind;
      this.words.set(nodeId, kind ? nodeWords(kind, document, nodeId) : undefined);
    }
    return this.words.get(nodeId);
  }
}

const StoreContext = createContext<NodeStatusStore | null>(null);

/** Publishes `sources` to the nodes below, each reading its own status. */
export function NodeStatusSourcesProvider({ sources, children }: { sources: StatusSources; children: ReactNode }) {
  const [store] = useState(() => new NodeStatusStore());
  // Set while rendering, so nodes mounting in this pass read the new sources; shown ones are told after.
  store.update(sources);
  useLayoutEffect(() => store.notify(), [store, sources]);
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

/** The editor's node statuses: from the live counts, the problems and the shown run. */
export function NodeStatusProvider({ children }: { children: ReactNode }) {
  const { counts, stale, document } = usePreview();
  const { problemsByNode } = useAnalysis();
  const runNodes = useActiveRun()?.state.nodes;
  const sources = useMemo(() => ({ counts, stale, problemsByNode, runNodes, document }), [counts, stale, problemsByNode, runNodes, document]);
  return <NodeStatusSourcesProvider sources={sources}>{children}</NodeStatusSourcesProvider>;
}

export function useNodeStatus(nodeId: string): NodeStatus {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useNodeStatus must be used inside <NodeStatusProvider>');
  return useSyncExternalStore(store.subscribe, () => store.status(nodeId));
}
