import type { Schema } from '@segflow/engine';
import { useMemo } from 'react';
import { useEditor } from '../../../store/editor-provider.tsx';
import { selectEdges, selectNodes } from '../../../store/selectors.ts';
import { groupedColumnsOf } from '../field-groups.ts';

/** The node feeding a port of a step (the first, for ports that take one). */
export function useInputNode(nodeId: string, port: string): string | undefined {
  return useEditor((s) => selectEdges(s).find((e) => e.target === nodeId && (e.targetHandle ?? 'in') === port)?.source);
}

/** Columns grouped by the kind of step that made them: profile, computed, from lookup. */
export function useGroupedColumns(schema: Schema | undefined) {
  const nodes = useEditor(selectNodes);
  return useMemo(() => groupedColumnsOf(schema, (id) => nodes.find((n) => n.id === id)?.data.kind), [schema, nodes]);
}
