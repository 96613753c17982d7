import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ReactFlowProvider } from '@xyflow/react';
import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import { saveWorkflow, workflowKeys, workflowQuery } from '../../api/workflows.queries.ts';
import { useMe } from '../../app/auth-context.tsx';
import { documentTitle } from '../../app/document-title.ts';
import { ErrorNote } from '../../app/error-message.tsx';
import { canEditDrafts } from '../../app/permissions.ts';
import { startAutosave, type Autosave } from '../../store/autosave.ts';
import { EditorStoreProvider } from '../../store/editor-provider.tsx';
import { createEditorStore } from '../../store/editor-store.ts';
import { AnalysisProvider } from '../problems/analysis-context.tsx';
import { PreviewProvider } from '../preview/preview-context.tsx';
import { RunProvider } from '../runs/run-context.tsx';
import { NodeStatusProvider } from './node-status.tsx';
import { withPositions } from './auto-layout.ts';
import { AutosaveContext } from './autosave-context.tsx';
import { EditorLayout } from './EditorLayout.tsx';
import '@xyflow/react/dist/style.css';
import './canvas.css';

/** Opens one workflow: loads its draft into a fresh editor store and keeps it saved. */
export function EditorPage({ workflowId }: { workflowId: string }) {
  const queryClient = useQueryClient();
  // Always the server's latest draft on open: the editor, not the cache, owns it after that.
  const workflow = useQuery({ ...workflowQuery(workflowId), gcTime: 0 });
  // A viewer's editor is view only from the first frame; the server would refuse their saves anyway.
  const readOnly = !canEditDrafts(useMe());
  const [store] = useState(() => createEditorStore({ readOnly }));
  const [loaded, setLoaded] = useState(false);
  const [autosave, setAutosave] = useState<Autosave | null>(null);

  useEffect(() => store.getState().setReadOnly(readOnly), [store, readOnly]);

  useEffect(() => {
    if (!workflow.data || loaded) return;
    const { id, name, document, revision } = workflow.data;
    store.getState().loadWorkflow({ id, name, document: withPositions(document), revision });
    setLoaded(true);
  }, [workflow.data, loaded, store]);

  useEffect(() => {
    const instance = startAutosave(store, async (id, input) => {
      const saved = await saveWorkflow(id, input);
      queryClient.invalidateQueries({ queryKey: workflowKeys.list() });
      return { revision: saved?.revision ?? input.revision + 1 };
    });
    setAutosave(instance);
    return instance.stop;
  }, [store, queryClient]);

  useEffect(() => {
    const show = (s: ReturnType<typeof store.getState>) => {
      document.title = documentTitle(s.name || 'Untitled workflow', { unsaved: s.save.status !== 'saved' });
    };
    show(store.getState());
    const unsubscribe = store.subscribe(show);
    return () => {
      unsubscribe();
      document.title = documentTitle();
    };
  }, [store, loaded]);

  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (store.getState().save.status !== 'saved') e.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [store]);

  if (workflow.isError)
    return (
      <div className="page">
        <ErrorNote error={workflow.error} />
        <Link href="/">Back to workflows</Link>
      </div>
    );
  if (!loaded) return <p className="empty">Opening workflow…</p>;

  return (
    <EditorStoreProvider store={store}>
      <AutosaveContext.Provider value={autosave}>
        <ReactFlowProvider>
          <PreviewProvider>
            <AnalysisProvider>
              <RunProvider>
                <NodeStatusProvider>
                  <EditorLayout />
                </NodeStatusProvider>
              </RunProvider>
            </AnalysisProvider>
          </PreviewProvider>
        </ReactFlowProvider>
      </AutosaveContext.Provider>
    </EditorStoreProvider>
  );
}
