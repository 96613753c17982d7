import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CalendarPlus } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { createSchedule, describeCronQuery, scheduleKeys } from '../../api/schedules.queries.ts';
import { versionsQuery } from '../../api/versions.queries.ts';
import { ErrorNote, errorText } from '../../app/error-message.tsx';
import { formatTime } from '../../app/format.ts';
import { useDebouncedValue } from '../preview/use-debounced-value.ts';

const PRESETS = [
  { label: 'Daily 02:00', cron: '0 2 * * *' },
  { label: 'Weekdays 07:00', cron: '0 7 * * 1-5' },
  { label: 'Hourly', cron: '0 * * * *' },
  { label: 'Mondays 09:00', cron: '0 9 * * 1' },
];

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** A new schedule: the rhythm in cron, said back in words with its next times before it is saved. */
export function ScheduleForm({ workflowId }: { workflowId: string }) {
  const queryClient = useQueryClient();
  const versions = useQuery(versionsQuery(workflowId));
  const [cron, setCron] = useState('0 2 * * *');
  const [timezone, setTimezone] = useState(browserZone);
  const [version, setVersion] = useState<'latest' | number>('latest');
  const [catchUp, setCatchUp] = useState(true);
  const spec = useDebouncedValue({ cron, timezone }, 300);
  const described = useQuery(describeCronQuery(spec.cron, spec.timezone));
  const create = useMutation({
    mutationFn: () => createSchedule(workflowId, { cron, timezone, version, catchUp }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: scheduleKeys.ofWorkflow(workflowId) }),
  });
  const published = versions.data ?? [];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };

  return (
    <form className="schedule-form" aria-label="New schedule" onSubmit={submit}>
      <h4>New schedule</h4>
      <div className="preset-row">
        {PRESETS.map((p) => (
          <button key={p.cron} type="button" className="btn btn-sm" aria-pressed={cron === p.cron} onClick={() => setCron(p.cron)}>{p.label}</button>
        ))}
      </div>
      <label className="field">
        <span>Cron expression</span>
        <input className="input mono" value={cron} onChange={(e) => setCron(e.target.value)} aria-invalid={described.isError} placeholder="minute hour day month weekday" />
      </label>
      <label className="field">
        <span>Time zone</span>
        <input className="input" value={timezone} onChange={(e) => setTimezone(e.target.value)} placeholder="Europe/Berlin" />
      </label>
      <p className="schedule-words" data-testid="schedule-preview" aria-live="polite">
        {described.isError ? <span className="error-text">{errorText(described.error)}</span> : described.data ? (
          <>
            <strong>{described.data.description}</strong>
            <span className="hint">Next: {described.data.next.map((t) => formatTime(t)).join(' · ')}</span>
          </>
        ) : null}
      </p>
      <label className="field">
        <span>Runs</span>
        <select className="select" value={String(version)} onChange={(e) => setVersion(e.target.value === 'latest' ? 'latest' : Number(e.target.value))}>
          <option value="latest">the latest published version</option>
          {published.map((v) => <option key={v.n} value={v.n}>version {v.n}{v.note ? ` · ${v.note}` : ''}</option>)}
        </select>
      </label>
      <label className="check">
        <input type="checkbox" checked={catchUp} onChange={(e) => setCatchUp(e.target.checked)} />
        <span>Run once on start for times missed while the server was down</span>
      </label>
      <button type="submit" className="btn btn-primary" disabled={create.isPending || described.isError || published.length === 0}>
        <CalendarPlus size={15} /> {create.isPending ? 'Adding…' : 'Add schedule'}
      </button>
      {published.length === 0 && versions.isSuccess && <p className="hint">Schedules run published versions: publish this workflow first.</p>}
      <ErrorNote error={create.error} />
    </form>
  );
}
