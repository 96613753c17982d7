import { useQuery } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import { columnValuesQuery, ruleCountsQuery, type ColumnValues } from '../../../api/rule-builder.queries.ts';
import { useCan } from '../../../app/auth-context.tsx';
import { useEditor } from '../../../store/editor-provider.tsx';
import { selectWorkflowId } from '../../../store/selectors.ts';
import { usePreview } from '../../preview/preview-context.tsx';
import type { FieldOption } from './rule-logic.ts';

/**
 * Where a rule builder's data comes from, for what needs the server: value
 * suggestions ask the node the fields come from, event pickers the events node,
 * counts the filter. Without it (tests, a builder outside the editor) the builder
 * edits rules and simply offers no suggestions or counts.
 */
export interface RuleData {
  /** The node whose rows hold the fields offered. */
  fieldsNodeId?: string;
  /** The events node on the filter's `events` input: behaviour and sequence rules read it. */
  events?: { nodeId: string; fields: readonly FieldOption[] };
  /** What the rules keep: customers (a filter) or events (an aggregate's event rules). Default customers. */
  rows?: 'customers' | 'events';
  /** The filter whose top-level rules get "alone / remaining" counts. */
  countsNodeId?: string;
  /** Where column values come from; by default the server's preview (tests hand in their own). */
  useValues?: (nodeId: string, column: string) => ColumnValues | undefined;
}

const RuleDataContext = createContext<RuleData>({});
export const RuleDataProvider = RuleDataContext.Provider;
export const useRuleData = () => useContext(RuleDataContext);

/** A column's frequent values at a node (undefined until known); the source never changes while mounted. */
export function useValuesAt(nodeId: string, column: string): ColumnValues | undefined {
  const useValues = useRuleData().useValues ?? useColumnValues;
  const values = useValues(nodeId, column);
  // Values kept from before an edit may be another column's (the field was just changed): never show those.
  return values?.column === column ? values : undefined;
}

/** A column's frequent values at a node, from the preview's cached rows (undefined until known). */
export function useColumnValues(nodeId: string, column: string) {
  const workflowId = useEditor(selectWorkflowId);
  const { document, documentKey, asOf } = usePreview();
  const can = useCan('POST /api/workflows/:id/preview/:nodeId/values');
  const enabled = !!workflowId && !!nodeId && !!column && can;
  return useQuery({ ...columnValuesQuery(workflowId, nodeId, column, document, documentKey, asOf), enabled }).data;
}

export function useRuleCounts(nodeId: string) {
  const workflowId = useEditor(selectWorkflowId);
  const { document, documentKey, asOf } = usePreview();
  const can = useCan('POST /api/workflows/:id/preview/:nodeId/rule-counts');
  const query = useQuery({ ...ruleCountsQuery(workflowId, nodeId, document, documentKey, asOf), enabled: !!workflowId && can, placeholderData: (previous) => previous });
  return { counts: query.data, stale: query.isPlaceholderData || query.isFetching };
}
