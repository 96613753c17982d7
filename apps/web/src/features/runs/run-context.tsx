import { createContext, useContext, type ReactNode } from 'react';
import { useEditor } from '../../store/editor-provider.tsx';
import { selectActiveRunId, selectWorkflowId } from '../../store/selectors.ts';
import { useRunStream, type RunView } from './use-run-stream.ts';

const RunContext = createContext<RunView | null>(null);

/** The run the canvas shows (live or opened from history), for nodes, edges and panels. */
export function RunProvider({ children }: { children: ReactNode }) {
  const runId = useEditor(selectActiveRunId);
  const workflowId = useEditor(selectWorkflowId);
  const view = useRunStream(runId, workflowId);
  return <RunContext.Provider value={view}>{children}</RunContext.Provider>;
}

export const useActiveRun = () => useContext(RunContext);
