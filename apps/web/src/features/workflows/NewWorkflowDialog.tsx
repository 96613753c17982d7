import { useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { datasetListQuery } from '../../api/datasets.queries.ts';
import { Dialog } from '../../app/dialog.tsx';
import { ErrorNote } from '../../app/error-message.tsx';
import { formatDay } from '../../app/format.ts';
import { defaultAsOf, todayDay } from '../runs/data-through.ts';

/**
 * Asks for the new workflow's name first: nothing is created until the user
 * confirms, so a stray click leaves no "Untitled workflow" behind.
 */
export function NewWorkflowDialog({ open, busy, error, onCreate, onClose }: {
  open: boolean;
  busy: boolean;
  error: unknown;
  /** `asOf`: the day counts are made as of, '' for today. */
  onCreate: (name: string, asOf: string) => void;
  onClose: () => void;
}) {
  const formId = useId();
  const [name, setName] = useState('');
  // The data's last day, not today: demo and exported data stop before today, and counts
  // made as of today would drift as the days pass. Null until the user picks a day.
  const datasets = useQuery({ ...datasetListQuery(), enabled: open });
  const dataThrough = defaultAsOf([], datasets.data ?? [], todayDay());
  const [picked, setPicked] = useState<string | null>(null);
  const asOf = picked ?? dataThrough ?? '';
  const close = () => {
    setName('');
    setPicked(null);
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim()) onCreate(name.trim(), asOf);
  };
  return (
    <Dialog
      open={open}
      title="New workflow"
      onClose={close}
      actions={
        <>
          <button type="button" className="btn" onClick={close}>Cancel</button>
          <button type="submit" form={formId} className="btn btn-primary" disabled={busy || !name.trim()}>
            {busy ? 'Creating…' : 'Create workflow'}
          </button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} className="field">
        <label className="field">
          <span>Name</span>
          <input className="input" value={name} maxLength={200} autoFocus placeholder="e.g. Spring sale, lapsed buyers" onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          <span>Count customers as of</span>
          <input className="input" type="date" value={asOf} min="1900-01-01" max="9999-12-31" onChange={(e) => setPicked(e.target.value)} aria-describedby={`${formId}-as-of`} />
        </label>
        <p className="hint" id={`${formId}-as-of`} data-testid="data-through">
          {dataThrough ? `Your data runs through ${formatDay(dataThrough)}: rules like “in the last 30 days” count back from the day you choose.` : 'Empty means today.'}
        </p>
      </form>
      <ErrorNote error={error} />
    </Dialog>
  );
}
