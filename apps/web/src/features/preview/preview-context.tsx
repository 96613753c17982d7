import { useQuery } from '@tanstack/react-query';
import type { Problem, WorkflowInput } from '@segflow/engine';
import { createContext, useContext, useMemo, useRef, type ReactNode } from 'react';
import { datasetListQuery } from '../../api/datasets.queries.ts';
import { useCan } from '../../app/auth-context.tsx';
import { ESTIMATE_FIRST_ROWS, previewCountsQuery, serverValidationQuery, type NodeCount } from '../../api/preview.queries.ts';
import { semanticKey } from '../../store/document-convert.ts';
import { useEditor } from '../../store/editor-provider.tsx';
import { selectAsOf, selectDocument, selectWorkflowId } from '../../store/selectors.ts';
import { useDebouncedValue } from './use-debounced-value.ts';
import { isCounting } from './exact-counts.ts';
import { dataProblems, sizeProblems } from '../problems/merge-problems.ts';

/** Counts wait this long after the last edit; validation a little longer, it is less urgent. */
export const PREVIEW_DEBOUNCE_MS = 300;
export const VALIDATE_DEBOUNCE_MS = 600;

export interface PreviewValue {
  counts: Readonly<Record<string, NodeCount>>;
  /** Counts shown are from an earlier version of the document while newer ones load. */
  stale: boolean;
  /** Counts are being computed for the current document (a large one takes seconds). */
  counting: boolean;
  error: unknown;
  serverProblems: Problem[] | undefined;
  serverChecking: boolean;
  serverError: unknown;
  /** What the live count of this document warns of: repeated or empty keys, unreadable values, a segment outside its expected size. */
  dataProblems: Problem[];
  /** The document the counts and members are asked for (the debounced one). */
  document: WorkflowInput;
  documentKey: string;
  asOf: string;
}

const PreviewContext = createContext<PreviewValue | null>(null);
const NO_COUNTS: Record<string, NodeCount> = {};
const NO_PROBLEMS: Problem[] = [];

/**
 * Live counts for every node while the user edits. The document is debounced,
 * and each query is keyed by the document's meaning: an edit starts a new query
 * and react-query aborts the stale one through its AbortSignal.
 */
export function PreviewProvider({ children }: { children: ReactNode }) {
  const workflowId = useEditor(selectWorkflowId);
  const asOf = useEditor(selectAsOf);
  const doc = useEditor(selectDocument);
  const key = semanticKey(doc);
  // Remember which document each key stands for, so the debounced key sends its own.
  const docs = useRef(new Map<string, WorkflowInput>());
  docs.current.set(key, doc);
  const countsKey = useDebouncedValue(key, PREVIEW_DEBOUNCE_MS);
  const validateKey = useDebouncedValue(key, VALIDATE_DEBOUNCE_MS);
  const countsDoc = docs.current.get(countsKey) ?? doc;
  const validateDoc = docs.current.get(validateKey) ?? doc;
  if (docs.current.size > 50) for (const k of [...docs.current.keys()].slice(0, 25)) if (k !== countsKey && k !== validateKey && k !== key) docs.current.delete(k);

  const hasNodes = countsDoc.nodes.length > 0;
  // A role that may not preview (a viewer) is not sent asking: the canvas simply shows no counts.
  const canPreview = useCan('POST /api/workflows/:id/preview');
  const datasets = useQuery(datasetListQuery()).data;
  const largest = Math.max(0, ...countsDoc.nodes.map((n) => datasets?.find((d) => d.name === (n.config as { path?: unknown })?.path)?.rows ?? 0));
  const counts = useQuery(previewCountsQuery(workflowId, countsDoc, countsKey, asOf, hasNodes && !!workflowId && canPreview, largest > ESTIMATE_FIRST_ROWS));
  const server = useQuery({ ...serverValidationQuery(validateDoc, validateKey), enabled: validateDoc.nodes.length > 0 });

  const value = useMemo<PreviewValue>(
    () => ({
      counts: hasNodes ? counts.data?.counts ?? NO_COUNTS : NO_COUNTS,
      stale: counts.isPlaceholderData || countsKey !== key,
      counting: isCounting(counts.isFetching, !counts.isPlaceholderData && countsKey === key, counts.data?.counts),
      error: counts.error,
      // Only the server's answer for this very document: a stale one would show fixed problems.
      serverProblems: !validateDoc.nodes.length ? [] : validateKey === key && !server.isPlaceholderData ? server.data?.problems : undefined,
      serverChecking: server.isFetching || validateKey !== key,
      serverError: server.error,
      dataProblems: hasNodes && !counts.isPlaceholderData && countsKey === key ? [...dataProblems(counts.data?.problems), ...sizeProblems(countsDoc.nodes, counts.data?.counts)] : NO_PROBLEMS,
      document: countsDoc,
      documentKey: countsKey,
      asOf,
    }),
    [counts.data, counts.isPlaceholderData, counts.isFetching, counts.error, countsKey, key, hasNodes, server.data, server.isFetching, server.isPlaceholderData, server.error, validateKey, validateDoc, countsDoc, asOf],
  );
  return <PreviewContext.Provider value={value}>{children}</PreviewContext.Provider>;
}

export function usePreview(): PreviewValue {
  const value = useContext(PreviewContext);
  if (!value) throw new Error('usePreview must be used inside <PreviewProvider>');
  return value;
}
