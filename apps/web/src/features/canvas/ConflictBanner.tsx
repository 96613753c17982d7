import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { getWorkflow } from '../../api/workflows.queries.ts';
import { errorText } from '../../app/error-message.tsx';
import { useEditor, useEditorStoreApi } from '../../store/editor-provider.tsx';
import { selectSave } from '../../store/selectors.ts';
import { withPositions } from './auto-layout.ts';
import { useFlushSave } from './autosave-context.tsx';

/**
 * A 409 means someone else saved this draft since we loaded it. Nothing is
 * overwritten until the user picks: load their version, or keep ours.
 */
export function ConflictBanner() {
  const save = useEditor(selectSave);
  const store = useEditorStoreApi();
  const flush = useFlushSave();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  if (save.status === 'error')
    return (
      <div className="banner bad" role="alert">
        <span>Your latest changes are not saved: {save.error}</span>
        <span className="spacer" />
        <button type="button" className="btn btn-sm" onClick={() => { store.getState().touch(); void flush(); }}>Try again</button>
      </div>
    );
  if (save.status !== 'conflict') return null;

  const act = async (keepMine: boolean) => {
    setBusy(true);
    setFailure(null);
    try {
      const latest = await getWorkflow(store.getState().workflowId);
      if (keepMine) {
        store.getState().dispatchSave({ type: 'overwrite', revision: latest.revision });
        await flush();
      } else {
        store.getState().loadWorkflow({ id: latest.id, name: latest.name, document: withPositions(latest.document), revision: latest.revision });
        queryClient.removeQueries({ queryKey: ['preview'] });
      }
    } catch (e) {
      setFailure(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="banner bad" role="alert" data-testid="conflict-banner">
      <span>
        <strong>This workflow was changed somewhere else</strong> (another tab or person) since you opened it. Your latest edits are kept here but not saved.
        {failure && ` ${failure}`}
      </span>
      <span className="spacer" />
      <button type="button" className="btn btn-sm" disabled={busy} onClick={() => act(false)}>Load their version</button>
      <button type="button" className="btn btn-sm btn-danger solid" disabled={busy} onClick={() => act(true)}>Keep mine and overwrite</button>
    </div>
  );
}
