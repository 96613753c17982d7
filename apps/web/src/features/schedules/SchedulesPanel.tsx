import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Pause, Play, Trash2 } from 'lucide-react';
import { deleteSchedule, pauseSchedule, resumeSchedule, scheduleKeys, schedulesQuery, type Firing, type Schedule } from '../../api/schedules.queries.ts';
import { runQuery } from '../../api/runs.queries.ts';
import { useCan } from '../../app/auth-context.tsx';
import { ErrorNote } from '../../app/error-message.tsx';
import { formatTime, formatWhen } from '../../app/format.ts';
import { useEditor } from '../../store/editor-provider.tsx';
import { selectWorkflowId } from '../../store/selectors.ts';
import { ScheduleForm } from './ScheduleForm.tsx';
import { RunStatusBadge } from '../workflows/run-status-badge.tsx';
import './schedules.css';

const OUTCOME: Record<Firing['outcome'], { text: string; tone: '' | 'ok' | 'warn' | 'bad' | 'busy' }> = {
  starting: { text: 'starting', tone: 'busy' },
  started: { text: 'ran', tone: 'ok' },
  'caught-up': { text: 'caught up', tone: 'ok' },
  missed: { text: 'missed', tone: 'warn' },
  skipped: { text: 'skipped', tone: 'warn' },
  failed: { text: 'failed', tone: 'bad' },
};

/** What a schedule's last occurrence became; a run it started, as that run ended. */
export function LastFiring({ firing }: { firing: Firing | null }) {
  // A started run is shown as it ended (or goes on): "ran" alone would hide a run that failed.
  const started = firing?.outcome === 'started' && firing.runId ? firing.runId : undefined;
  const run = useQuery({ ...runQuery(started ?? ''), enabled: !!started, refetchInterval: (q) => (q.state.data && !q.state.data.finishedAt ? 5_000 : false) });
  if (!firing) return <span className="muted">not yet</span>;
  const { text, tone } = OUTCOME[firing.outcome];
  return (
    <span title={firing.message ?? formatTime(firing.occurrence)}>
      {run.data ? <RunStatusBadge status={run.data.status} /> : <span className={`badge ${tone}`}>{text}</span>} {formatWhen(firing.occurrence)}{firing.covers > 1 ? ` (${firing.covers} times)` : ''}
    </span>
  );
}

function ScheduleRow({ schedule, canChange }: { schedule: Schedule; canChange: boolean }) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: scheduleKeys.ofWorkflow(schedule.workflowId) });
  const toggle = useMutation({ mutationFn: () => (schedule.paused ? resumeSchedule(schedule.id) : pauseSchedule(schedule.id)), onSuccess: refresh });
  const remove = useMutation({ mutationFn: () => deleteSchedule(schedule.id), onSuccess: refresh });
  return (
    <tr data-testid={`schedule-${schedule.id}`}>
      <td>
        <strong>{schedule.description}</strong>
        <div className="muted" title={`Cron expression: ${schedule.cron}`}>runs {schedule.version === 'latest' ? `latest (v${schedule.runs ?? '—'})` : `v${schedule.version}`}</div>
      </td>
      <td>{schedule.paused ? <span className="badge warn">paused</span> : schedule.next[0] ? <span title={schedule.next.map(formatTime).join('\n')}>{formatTime(schedule.next[0])}</span> : '—'}</td>
      <td><LastFiring firing={schedule.lastFiring} /></td>
      <td className="schedule-actions">
        <button type="button" className="btn btn-sm" disabled={!canChange || toggle.isPending} onClick={() => toggle.mutate()}>
          {schedule.paused ? <><Play size={13} /> Resume</> : <><Pause size={13} /> Pause</>}
        </button>
        <button type="button" className="icon-btn" aria-label={`Delete the schedule ${schedule.description}`} title="Delete" disabled={!canChange || remove.isPending} onClick={() => remove.mutate()}>
          <Trash2 size={14} />
        </button>
        <ErrorNote error={toggle.error ?? remove.error} />
      </td>
    </tr>
  );
}

/** The workflow's schedules: each in words with its next times and what its last occurrence became. */
export function SchedulesPanel() {
  const workflowId = useEditor(selectWorkflowId);
  const schedules = useQuery({ ...schedulesQuery(workflowId), refetchInterval: 10_000 });
  const canCreate = useCan('POST /api/workflows/:id/schedules');
  const canChange = useCan('POST /api/schedules/:scheduleId/pause');

  return (
    <div className="schedules">
      {canCreate ? <ScheduleForm workflowId={workflowId} /> : <p className="hint schedules-side">Your role may look at schedules but not change them.</p>}
      <div className="schedules-main">
        {schedules.isPending ? <p className="empty">Loading schedules…</p> : schedules.isError ? <ErrorNote error={schedules.error} /> : schedules.data.length === 0 ? (
          <p className="empty">No schedules yet. A schedule runs a published version on a rhythm.</p>
        ) : (
          <table className="table" data-testid="schedules">
            <thead>
              <tr><th>When</th><th>Next</th><th>Last</th><th /></tr>
            </thead>
            <tbody>
              {schedules.data.map((s) => <ScheduleRow key={s.id} schedule={s} canChange={canChange} />)}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
