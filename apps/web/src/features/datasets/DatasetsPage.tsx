import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Trash2, UploadCloud } from 'lucide-react';
import { useRef, useState, type DragEvent } from 'react';
import { datasetKeys, datasetListQuery, deleteDataset, uploadDataset, type Dataset } from '../../api/datasets.queries.ts';
import { isApiError } from '../../api/http.ts';
import { useCan } from '../../app/auth-context.tsx';
import { ConfirmDialog } from '../../app/dialog.tsx';
import { errorText, ErrorNote } from '../../app/error-message.tsx';
import { formatBytes, formatCount, formatTime, formatWhen } from '../../app/format.ts';
import { SuppressionPanel } from '../activation/SuppressionPanel.tsx';
import './datasets.css';

interface Upload {
  name: string;
  fraction: number;
  error?: string;
  done?: boolean;
  /** The server has a dataset of this name: the user may replace it. */
  exists?: boolean;
  /** Workflows that no longer fit the replaced file. */
  affected?: string[];
}

/** Uploaded data files: upload with progress, see columns, types and row counts. */
export function DatasetsPage() {
  const queryClient = useQueryClient();
  const datasets = useQuery(datasetListQuery());
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const files = useRef(new Map<string, File>());
  const canUpload = useCan('POST /api/datasets');
  const canReplace = useCan('PUT /api/datasets/:name');
  const canDelete = useCan('DELETE /api/datasets/:name');
  const [deleting, setDeleting] = useState<string | null>(null);
  const remove = useMutation({
    mutationFn: (name: string) => deleteDataset(name),
    onSettled: () => queryClient.invalidateQueries({ queryKey: datasetKeys.all }),
  });

  const upload = async (list: FileList | File[], replace = false) => {
    for (const file of Array.from(list)) {
      files.current.set(file.name, file);
      const set = (patch: Partial<Upload>) => setUploads((all) => all.map((u) => (u.name === file.name ? { ...u, ...patch } : u)));
      setUploads((all) => [...all.filter((u) => u.name !== file.name), { name: file.name, fraction: 0 }]);
      try {
        const dataset = await uploadDataset(file, (fraction) => set({ fraction }), replace ? { replace: file.name } : {}).promise;
        // Show it at once; the refetch below confirms it.
        queryClient.setQueryData<Dataset[]>(datasetKeys.all, (list) =>
          list ? [...list.filter((d) => d.name !== dataset.name), dataset].sort((x, y) => x.name.localeCompare(y.name)) : list,
        );
        const affected = (dataset as { affected?: { name: string; where: string }[] }).affected?.map((a) => `${a.name} (${a.where})`);
        set({ done: true, fraction: 1, affected });
      } catch (e) {
        if (isApiError(e, 'already_exists')) set({ exists: true, error: `A dataset named ${file.name} exists already.` });
        else set({ error: errorText(e) });
      }
      // A list still loading for the first time is not refetched by invalidation (react-query
      // joins the running request), and that request may predate the upload: cancel it first.
      await queryClient.cancelQueries({ queryKey: datasetKeys.all });
      await queryClient.invalidateQueries({ queryKey: datasetKeys.all });
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    if (e.dataTransfer.files.length) void upload(e.dataTransfer.files);
  };

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h2>Datasets</h2>
          <p>Customer profiles and events your workflows read: CSV, Parquet or JSON files.</p>
        </div>
      </div>
      {canUpload && <div
        className={`drop-zone${dragging ? ' is-over' : ''}`}
        onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <UploadCloud size={24} aria-hidden />
        <p>Drop files here, or</p>
        <button type="button" className="btn" onClick={() => input.current?.click()}>Choose files…</button>
        <input ref={input} type="file" multiple accept=".csv,.parquet,.json,.jsonl,.ndjson" className="visually-hidden" aria-label="Upload dataset" onChange={(e) => {
          if (e.target.files?.length) void upload(e.target.files);
          e.target.value = '';
        }} />
      </div>}
      {uploads.length > 0 && (
        <ul className="uploads" aria-label="Uploads">
          {uploads.map((u) => (
            <li key={u.name}>
              <span className="upload-name">{u.name}</span>
              {u.error ? (
                <span className="upload-error">
                  <span className="error-text">{u.error}</span>
                  {u.exists && canReplace && (
                    <button type="button" className="btn btn-sm" onClick={() => { const f = files.current.get(u.name); if (f) void upload([f], true); }}>
                      Replace it
                    </button>
                  )}
                </span>
              ) : (
                <>
                  <div className="progress" role="progressbar" aria-label={`Uploading ${u.name}`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(u.fraction * 100)}>
                    <div style={{ width: `${Math.round(u.fraction * 100)}%` }} />
                  </div>
                  <span className="muted upload-pct">{u.done ? 'Done' : `${Math.round(u.fraction * 100)}%`}</span>
                  {u.affected && u.affected.length > 0 && (
                    <span className="error-text upload-affected">No longer fits: {u.affected.join(', ')}</span>
                  )}
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <div className="card">
        {datasets.isPending ? (
          <p className="empty">Loading datasets…</p>
        ) : datasets.isError ? (
          <div className="empty"><ErrorNote error={datasets.error} /></div>
        ) : datasets.data.length === 0 ? (
          <p className="empty">No datasets yet. Upload a file to use it in a workflow.</p>
        ) : (
          <table className="table datasets-table">
            <thead>
              <tr>
                <th>Name</th><th className="num">Rows</th><th className="num">Size</th><th>Columns</th><th>Updated</th>
                {canDelete && <th><span className="visually-hidden">Actions</span></th>}
              </tr>
            </thead>
            <tbody>
              {datasets.data.map((d) => (
                <tr key={d.name}>
                  <td className="dataset-name">
                    {d.name}
                    {d.error && <p className="error-text">{d.error}</p>}
                  </td>
                  <td className="num">{d.rows !== null ? formatCount(d.rows) : '—'}</td>
                  <td className="num">{formatBytes(d.size)}</td>
                  <td>
                    <details>
                      <summary>{d.columns.length} columns</summary>
                      <div className="dataset-columns">
                        {d.columns.map((c) => (
                          <span key={c.name} className="chip">{c.name} <span className="muted">{c.type}</span></span>
                        ))}
                      </div>
                    </details>
                  </td>
                  <td className="muted" title={formatTime(d.modifiedAt)}>{formatWhen(d.modifiedAt)}</td>
                  {canDelete && (
                    <td className="dataset-actions">
                      <button type="button" className="icon-btn" aria-label={`Delete ${d.name}`} title="Delete this dataset" onClick={() => { remove.reset(); setDeleting(d.name); }}>
                        <Trash2 size={15} />
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <SuppressionPanel datasets={datasets.data ?? []} />
      <ConfirmDialog
        open={deleting !== null}
        title="Delete this dataset?"
        message={
          <>
            {`${deleting ?? ''} is removed from the server. Drafts that read it will show a problem until they read another file.`}
            {remove.error ? <span className="error-text" role="alert" style={{ display: 'block', marginTop: 'var(--space-2)' }}>{errorText(remove.error)}</span> : null}
          </>
        }
        confirmLabel="Delete"
        danger
        busy={remove.isPending}
        onCancel={() => setDeleting(null)}
        onConfirm={() => {
          if (deleting) remove.mutate(deleting, { onSuccess: () => setDeleting(null) });
        }}
      />
    </div>
  );
}
