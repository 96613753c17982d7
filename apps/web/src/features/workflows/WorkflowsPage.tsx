import { useQuery } from '@tanstack/react-query';
import { Plus, Upload } from 'lucide-react';
import { useRef, useState } from 'react';
import { workflowListQuery, type WorkflowSummary } from '../../api/workflows.queries.ts';
import { ConfirmDialog } from '../../app/dialog.tsx';
import { useCan } from '../../app/auth-context.tsx';
import { ErrorNote } from '../../app/error-message.tsx';
import { useWorkflowMutations } from './use-workflow-mutations.ts';
import { NewWorkflowDialog } from './NewWorkflowDialog.tsx';
import { WorkflowRow } from './WorkflowRow.tsx';
import './workflows.css';

/** Every workflow with its last run and segment sizes; create, rename, copy, delete, import. */
export function WorkflowsPage() {
  const list = useQuery(workflowListQuery());
  const mutations = useWorkflowMutations();
  const [deleting, setDeleting] = useState<WorkflowSummary | null>(null);
  const [creating, setCreating] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const canCreate = useCan('POST /api/workflows');
  const canImport = useCan('POST /api/workflows/import');
  const mutationError = [mutations.rename, mutations.duplicate, mutations.remove, mutations.importFile].find((m) => m.error)?.error;

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h2>Workflows</h2>
          <p>Each workflow turns your customer data into segments.</p>
        </div>
        <span className="spacer" />
        <input
          ref={fileInput}
          type="file"
          accept="application/json,.json"
          className="visually-hidden"
          aria-label="Import workflow file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) mutations.importFile.mutate(file);
            e.target.value = '';
          }}
        />
        {canImport && (
          <button type="button" className="btn" onClick={() => fileInput.current?.click()} disabled={mutations.importFile.isPending}>
            <Upload size={16} aria-hidden /> Import JSON
          </button>
        )}
        {canCreate && (
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            <Plus size={16} aria-hidden /> New workflow
          </button>
        )}
      </div>
      <ErrorNote error={mutationError} />
      <div className="card">
        {list.isPending ? (
          <p className="empty">Loading workflows…</p>
        ) : list.isError ? (
          <div className="empty"><ErrorNote error={list.error} /></div>
        ) : list.data.length === 0 ? (
          <p className="empty">No workflows yet. Create one to start designing segments.</p>
        ) : (
          <table className="table workflows-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Last run</th>
                <th>Segment sizes</th>
                <th>Published</th>
                <th>Edited</th>
                <th><span className="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((wf) => (
                <WorkflowRow
                  key={wf.id}
                  workflow={wf}
                  onRename={(name) => mutations.rename.mutate({ id: wf.id, name })}
                  onDuplicate={() => mutations.duplicate.mutate(wf.id)}
                  onDelete={() => setDeleting(wf)}
                />
              ))}
            </tbody>
          </table>
        )}
      </div>
      <NewWorkflowDialog
        open={creating}
        busy={mutations.create.isPending}
        error={mutations.create.error}
        onCreate={(name, document, asOf) => mutations.create.mutate({ name, document, asOf })}
        onClose={() => {
          setCreating(false);
          mutations.create.reset();
        }}
      />
      <ConfirmDialog
        open={deleting !== null}
        title="Delete workflow?"
        message={`“${deleting?.name ?? ''}” and its versions and run history will be deleted. This cannot be undone.`}
        confirmLabel="Delete"
        danger
        busy={mutations.remove.isPending}
        onCancel={() => setDeleting(null)}
        onConfirm={() => {
          if (deleting) mutations.remove.mutate(deleting.id, { onSettled: () => setDeleting(null) });
        }}
      />
    </div>
  );
}
