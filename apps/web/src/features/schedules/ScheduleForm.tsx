import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CalendarPlus } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { createSchedule, describeCronQuery, scheduleKeys } from '../../api/schedules.queries.ts';
import { versionsQuery } from '../../api/versions.queries.ts';
import { ErrorNote, errorText } from '../../app/error-message.tsx';
import { formatTime } from '../../app/format.ts';
import { useDebouncedValue } from '../preview/use-debounced-value.ts';
import { cronOf, DEFAULT_RHYTHM, EVERY_CHOICES, WEEKDAYS, type Every, type Rhythm } from './schedule-rhythm.ts';


const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/**
 * A new schedule, chosen in words ("Every day at 06:00", "Every Monday"), with a cron
 * expression as the custom choice; said back with its next times before it is saved.
 */
export function ScheduleForm({ workflowId }: { workflowId: string }) {
  const queryClient = useQueryClient();
  const versions = useQuery(versionsQuery(workflowId));
  const [rhythm, setRhythm] = useState<Rhythm>(DEFAULT_RHYTHM);
  const cron = cronOf(rhythm);
  const change = (patch: Partial<Rhythm>) => setRhythm((r) => ({ ...r, ...patch }));
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
      <div className="rhythm-row">
        <label className="field">
          <span>Repeat</span>
          <select
            className="select"
            aria-label="Repeat"
            value={rhythm.every}
            // Switching to custom starts from the expression of what was chosen, so it can be tweaked.
            onChange={(e) => change({ every: e.target.value as Every, cron })}
          >
            {EVERY_CHOICES.map((c) => <option key={c.every} value={c.every}>{c.label}</option>)}
          </select>
        </label>
        {rhythm.every === 'week' && (
          <label className="field">
            <span>On</span>
            <select className="select" aria-label="On" value={rhythm.weekday} onChange={(e) => change({ weekday: Number(e.target.value) })}>
              {WEEKDAYS.map((d, i) => <option key={d} value={i}>{d}</option>)}
            </select>
          </label>
        )}
        {(rhythm.every === 'day' || rhythm.every === 'weekday' || rhythm.every === 'week') && (
          <label className="field">
            <span>At</span>
            <input className="input" type="time" aria-label="At" value={rhythm.time} onChange={(e) => e.target.value && change({ time: e.target.value })} />
          </label>
        )}
      </div>
      {rhythm.every === 'custom' && (
        <label className="field">
          <span>Cron expression</span>
          <input className="input mono" aria-label="Cron expression" value={rhythm.cron} onChange={(e) => change({ cron: e.target.value })} aria-invalid={described.isError} placeholder="minute hour day month weekday" />
        </label>
      )}
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
