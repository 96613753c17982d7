import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { restoreVersion, versionKeys, versionQuery, versionsQuery } from '../../api/versions.queries.ts';
import { workflowKeys } from '../../api/workflows.queries.ts';
import { useCan } from '../../app/auth-context.tsx';
import { ConfirmDialog } from '../../app/dialog.tsx';
import { ErrorNote } from '../../app/error-message.tsx';
import { formatTime, formatWhen } from '../../app/format.ts';
import { useEditor, useEditorStoreApi } from '../../store/editor-provider.tsx';
import { selectWorkflowId } from '../../store/selectors.ts';
import { useFlushSave } from '../canvas/autosave-context.tsx';
import { nodeName } from '../canvas/node-name.ts';
import { diffDocuments } from '@segflow/contract';
import { DiffList } from './DiffList.tsx';
import './publish.css';

/** What changed in one version against the one before it (both documents are immutable). */
function VersionDiff({ workflowId, version }: { workflowId: string; version: number }) {
  const current = useQuery(versionQuery(workflowId, version));
  const previous = useQuery({ ...versionQuery(workflowId, version - 1), enabled: version > 1 });
  if (current.isPending || (version > 1 && previous.isPending)) return <p className="hint">Loading…</p>;
  if (current.isError) return <ErrorNote error={current.error} />;
  const doc = current.data.document;
  const labelOf = (id: string) => {
    const n = doc.nodes.find((node) => node.id === id) ?? previous.data?.document.nodes.find((node) => node.id === id);
    return nodeName(n && { id: n.id, data: { kind: n.kind, label: n.label } }, id);
  };
  if (version === 1) {
    const outputs = doc.nodes.filter((n) => n.kind === 'output').length;
    return (
      <>
        <h4>Version 1</h4>
        <p>{doc.nodes.length} steps, {doc.edges?.length ?? 0} connections, {outputs} segment{outputs === 1 ? '' : 's'}.</p>
      </>
    );
  }
  return (
    <>
      <h4>Version {version} against {version - 1}</h4>
      <DiffList diff={diffDocuments(previous.data?.document, doc)} labelOf={labelOf} />
    </>
  );
}

/** Published versions, newest first; each can be looked at or restored as the draft. */
export function VersionsPanel() {
  const workflowId = useEditor(selectWorkflowId);
  const store = useEditorStoreApi();
  const queryClient = useQueryClient();
  const flush = useFlushSave();
  const versions = useQuery(versionsQuery(workflowId));
  const [shown, setShown] = useState<number | null>(null);
  const canRestore = useCan('POST /api/workflows/:id/versions/:n/restore');
  const [restoring, setRestoring] = useState<number | null>(null);

  const restore = useMutation({
    mutationFn: async (n: number) => {
      await flush();
      return restoreVersion(workflowId, n, store.getState().save.revision);
    },
    onSuccess: (latest, n) => {
      // Undoable like any edit; the server already holds it, so it counts as saved.
      store.getState().importDocument(latest.document);
      store.getState().dispatchSave({ type: 'loaded', revision: latest.revision, version: store.getState().docVersion });
      store.getState().notify(`Version ${n} is now the draft.`);
      queryClient.invalidateQueries({ queryKey: versionKeys.list(workflowId) });
      queryClient.invalidateQueries({ queryKey: workflowKeys.list() });
      setRestoring(null);
    },
  });

  if (versions.isPending) return <p className="empty">Loading versions…</p>;
  if (versions.isError) return <div className="panel-pad"><ErrorNote error={versions.error} /></div>;
  if (versions.data.length === 0) return <p className="empty">Nothing published yet. Publish to create version 1.</p>;
  const selected = shown ?? versions.data[0].n;

  return (
    <div className="versions">
      <table className="table" data-testid="versions-list">
        <thead>
          <tr><th>Version</th><th>Note</th><th>Published</th><th /></tr>
        </thead>
        <tbody>
          {versions.data.map((v) => (
            <tr key={v.n} aria-current={v.n === selected ? 'true' : undefined}>
              <td><button type="button" className="btn btn-sm btn-ghost" onClick={() => setShown(v.n)}>v{v.n}</button></td>
              <td>{v.note || <span className="muted">No note</span>}</td>
              <td className="muted" title={formatTime(v.createdAt)}>{formatWhen(v.createdAt)}</td>
              <td>{canRestore && <button type="button" className="btn btn-sm" onClick={() => setRestoring(v.n)}>Restore</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="version-diff">
        <VersionDiff key={selected} workflowId={workflowId} version={selected} />
        <ErrorNote error={restore.error} />
      </div>
      <ConfirmDialog
        open={restoring !== null}
        title={`Restore version ${restoring}?`}
        message="The draft is replaced by this version. You can undo it with Ctrl+Z while this page is open."
        confirmLabel="Restore"
        busy={restore.isPending}
        onCancel={() => setRestoring(null)}
        onConfirm={() => restoring !== null && restore.mutate(restoring)}
      />
    </div>
  );
}
