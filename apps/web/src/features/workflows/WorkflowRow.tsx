import { Copy, Download, Pencil, Trash2 } from 'lucide-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { latestRunQuery } from '../../api/runs.queries.ts';
import { Link } from 'wouter';
import { exportUrl, type WorkflowSummary } from '../../api/workflows.queries.ts';
import { useCan } from '../../app/auth-context.tsx';
import { formatTime, formatWhen } from '../../app/format.ts';
import { RunStatusBadge } from './run-status-badge.tsx';
import { SegmentChips } from './SegmentChips.tsx';

interface Props {
  workflow: WorkflowSummary;
  onRename: (name: string) => void;
  onDuplicate: () => void;
  onDelete: () => void;
}

export function WorkflowRow({ workflow: wf, onRename, onDuplicate, onDelete }: Props) {
  const [editing, setEditing] = useState(false);
  // The list's summary of the last run has no segment sizes: the run history has them.
  const latest = useQuery(latestRunQuery(wf.id, !!wf.lastRun)).data;
  const segments = latest?.segments;
  const canEdit = useCan('PUT /api/workflows/:id');
  const canCopy = useCan('POST /api/workflows');
  const canDelete = useCan('DELETE /api/workflows/:id');
  const [draft, setDraft] = useState(wf.name);
  const finish = (commit: boolean) => {
    setEditing(false);
    const name = draft.trim();
    if (commit && name && name !== wf.name) onRename(name);
    else setDraft(wf.name);
  };

  return (
    <tr>
      <td className="wf-name">
        {editing ? (
          <input
            className="input"
            aria-label="Workflow name"
            autoFocus
            value={draft}
            maxLength={200}
            onChange={(e) => setDraft(e.target.value)}
            onBlur={() => finish(true)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') finish(true);
              if (e.key === 'Escape') finish(false);
            }}
          />
        ) : (
          <Link href={`/workflows/${encodeURIComponent(wf.id)}`}>{wf.name || 'Untitled workflow'}</Link>
        )}
      </td>
      <td>
        {wf.lastRun ? (
          <span className="wf-run" title={formatTime(latest?.finishedAt ?? latest?.startedAt ?? wf.lastRun.createdAt)}>
            <RunStatusBadge status={wf.lastRun.status} />
            <span className="muted">{formatWhen(latest?.finishedAt ?? latest?.startedAt ?? wf.lastRun.createdAt)}</span>
          </span>
        ) : (
          <span className="muted">Never run</span>
        )}
      </td>
      <td><SegmentChips segments={segments} /></td>
      <td>{wf.publishedVersion ? <span className="badge">v{wf.publishedVersion}</span> : <span className="muted">Draft only</span>}</td>
      <td className="muted" title={formatTime(wf.updatedAt)}>{formatWhen(wf.updatedAt)}</td>
      <td className="wf-actions">
        {canEdit && (
          <button type="button" className="icon-btn" title="Rename" aria-label={`Rename ${wf.name}`} onClick={() => setEditing(true)}>
            <Pencil size={15} />
          </button>
        )}
        {canCopy && (
          <button type="button" className="icon-btn" title="Duplicate" aria-label={`Duplicate ${wf.name}`} onClick={onDuplicate}>
            <Copy size={15} />
          </button>
        )}
        <a className="icon-btn" title="Export JSON" aria-label={`Export ${wf.name}`} href={exportUrl(wf.id)} download>
          <Download size={15} />
        </a>
        {canDelete && (
          <button type="button" className="icon-btn" title="Delete" aria-label={`Delete ${wf.name}`} onClick={onDelete}>
            <Trash2 size={15} />
          </button>
        )}
      </td>
    </tr>
  );
}
