import { useQuery } from '@tanstack/react-query';
import { Download } from 'lucide-react';
import { runHistoryQuery, segmentCsvUrl } from '../../api/runs.queries.ts';
import { ErrorNote } from '../../app/error-message.tsx';
import { formatCount, formatDay, formatDuration, formatTime, formatWhen } from '../../app/format.ts';
import { useEditor } from '../../store/editor-provider.tsx';
import { selectActiveRunId, selectWorkflowId } from '../../store/selectors.ts';
import { RunStatusBadge } from '../workflows/run-status-badge.tsx';

const durationOf = (r: { ms: number | null; startedAt: string | null; finishedAt: string | null }) =>
  r.ms ?? (r.startedAt && r.finishedAt ? Date.parse(r.finishedAt) - Date.parse(r.startedAt) : undefined);

/** Past runs, newest first, with each segment's size and its CSV. */
export function RunHistory() {
  const workflowId = useEditor(selectWorkflowId);
  const activeRunId = useEditor(selectActiveRunId);
  const setActiveRun = useEditor((s) => s.setActiveRun);
  const setPanel = useEditor((s) => s.setPanel);
  const runs = useQuery({ ...runHistoryQuery(workflowId), refetchInterval: (q) => (q.state.data?.some((r) => r.status === 'running' || r.status === 'queued') ? 2000 : false) });

  if (runs.isPending) return <p className="empty">Loading runs…</p>;
  if (runs.isError) return <div className="panel-pad"><ErrorNote error={runs.error} /></div>;
  if (runs.data.length === 0) return <p className="empty">No runs yet. Start one from the Run tab.</p>;

  return (
    <table className="table" data-testid="run-history">
      <thead>
        <tr>
          <th>Started</th>
          <th title="The day each run computed its segments as of">As of</th>
          <th>Status</th>
          <th>Mode</th>
          <th>Version</th>
          <th className="num">Took</th>
          <th>Segments</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {runs.data.map((r) => (
          <tr key={r.id} aria-current={r.id === activeRunId ? 'true' : undefined}>
            <td title={formatTime(r.startedAt)}>{formatWhen(r.startedAt)}</td>
            <td data-testid="run-as-of" title={r.asOf ?? undefined}>{formatDay(r.asOf ?? undefined)}</td>
            <td><RunStatusBadge status={r.status} /></td>
            <td className="muted">{r.mode ?? '—'}{r.partitions ? ` · ${r.partitions}` : ''}</td>
            <td className="muted">{r.version ? `v${r.version}` : 'draft'}</td>
            <td className="num">{formatDuration(durationOf(r))}</td>
            <td>
              <span style={{ display: 'inline-flex', gap: 'var(--space-1)', flexWrap: 'wrap' }}>
                {Object.entries(r.segments ?? {}).map(([name, s]) => (
                  <a key={name} className="chip segment-link" href={segmentCsvUrl(r.id, name)} download={`${name}.csv`} title={`Download ${name} as CSV`}>
                    <Download size={12} /> {name} <b>{formatCount(s)}</b>
                  </a>
                ))}
              </span>
            </td>
            <td>
              <button type="button" className="btn btn-sm" onClick={() => { setActiveRun(r.id); setPanel('run'); }}>
                Open
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
