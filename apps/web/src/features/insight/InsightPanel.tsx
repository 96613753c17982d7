import { getNodeDefinition, MAX_OVERLAP_SETS } from '@segflow/engine';
import { useCan } from '../../app/auth-context.tsx';
import { useEditor, useEditorShallow } from '../../store/editor-provider.tsx';
import type { EditorState } from '../../store/editor-store.ts';
import { selectWorkflowId } from '../../store/selectors.ts';
import { useAnalysis } from '../problems/analysis-context.tsx';
import { BreakdownView } from './BreakdownView.tsx';
import { OverlapView } from './OverlapView.tsx';
import './insight.css';

// Ids only: a shallow comparison of strings keeps the panel still while nodes move.
const selectSelectedIds = (s: EditorState) => s.nodes.filter((n) => n.selected).map((n) => n.id);
const selectSelectedNames = (s: EditorState) => s.nodes.filter((n) => n.selected).map((n) => n.data.label || getNodeDefinition(n.data.kind)?.label || n.id);

/**
 * What the selected steps hold: one step broken down by a column, or how 2–5
 * steps overlap. Both are computed on the server from the live preview.
 */
export function InsightPanel() {
  const workflowId = useEditor(selectWorkflowId);
  const ids = useEditorShallow(selectSelectedIds);
  const names = useEditorShallow(selectSelectedNames);
  const selected = ids.map((id, i) => ({ id, label: names[i] ?? id }));
  const { analysis, problemsByNode } = useAnalysis();
  const canBreakdown = useCan('POST /api/workflows/:id/preview/:nodeId/breakdown');
  const canOverlap = useCan('POST /api/workflows/:id/preview/overlap');

  if (!canBreakdown || !canOverlap) return <p className="empty">Your role may not look into the customers of a step.</p>;
  if (selected.length === 0)
    return <p className="empty">Select a step on the canvas to see who is in it, or 2 to {MAX_OVERLAP_SETS} steps (Ctrl-click, ⌘-click on a Mac) to see how they overlap.</p>;
  if (selected.length > MAX_OVERLAP_SETS) return <p className="empty">Select at most {MAX_OVERLAP_SETS} steps to compare; {selected.length} are selected.</p>;
  const broken = selected.find((n) => (problemsByNode.get(n.id) ?? []).some((p) => p.severity === 'error') || !analysis.schemas.get(n.id));
  if (broken) return <p className="empty">Fix the problems on “{broken.label}” to see who is in it.</p>;
  if (selected.length === 1) {
    const [node] = selected;
    return <BreakdownView workflowId={workflowId} nodeId={node.id} label={node.label} schema={analysis.schemas.get(node.id)!} />;
  }
  const events = selected.find((n) => analysis.schemas.get(n.id)?.kind === 'events');
  if (events) return <p className="empty">“{events.label}” holds events, not customers: compare steps of customers.</p>;
  return <OverlapView workflowId={workflowId} nodeIds={selected.map((n) => n.id)} />;
}
