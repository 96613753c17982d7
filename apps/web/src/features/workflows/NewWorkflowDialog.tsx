import { useQuery } from '@tanstack/react-query';
import type { WorkflowInput } from '@segflow/engine';
import { useId, useState, type FormEvent } from 'react';
import { datasetListQuery } from '../../api/datasets.queries.ts';
import { Dialog } from '../../app/dialog.tsx';
import { ErrorNote } from '../../app/error-message.tsx';
import { defaultPicks, readableDatasets, templateDocument } from './template-choice.ts';
import { TemplatePicker, type TemplateChoice } from './TemplatePicker.tsx';
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
  /** `document`: the chosen template's, left out for a blank workflow; `asOf`: the day counts are made as of, '' for today. */
  onCreate: (name: string, document: WorkflowInput | undefined, asOf: string) => void;
  onClose: () => void;
}) {
  const formId = useId();
  const [name, setName] = useState('');
  const datasetList = useQuery({ ...datasetListQuery(), enabled: open }).data ?? [];
  const datasets = readableDatasets(datasetList);
  // What the user picked, over the datasets guessed for them.
  const [picked, setPicked] = useState<Partial<TemplateChoice>>({});
  const choice: TemplateChoice = { templateId: null, ...defaultPicks(datasets), ...picked };
  const document = templateDocument(datasets, choice, name.trim());
  const ready = !!name.trim() && (choice.templateId === null || !!document);
  // The data's last day, not today: demo and exported data stop before today, and counts
  // made as of today would drift as the days pass. Null until the user picks a day.
  const dataThrough = defaultAsOf([], datasetList, todayDay());
  const [pickedAsOf, setPickedAsOf] = useState<string | null>(null);
  const asOf = pickedAsOf ?? dataThrough ?? '';
  const close = () => {
    setName('');
    setPicked({});
    setPickedAsOf(null);
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (ready) onCreate(name.trim(), document, asOf);
  };
  return (
    <Dialog
      open={open}
      title="New workflow"
      wide
      onClose={close}
      actions={
        <>
          <button type="button" className="btn" onClick={close}>Cancel</button>
          <button type="submit" form={formId} className="btn btn-primary" disabled={busy || !ready}>
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
        <TemplatePicker datasets={datasets} choice={choice} onChange={setPicked} />
        <label className="field">
          <span>Count customers as of</span>
          <input className="input" type="date" value={asOf} min="1900-01-01" max="9999-12-31" onChange={(e) => setPickedAsOf(e.target.value)} aria-describedby={`${formId}-as-of`} />
        </label>
        <p className="hint" id={`${formId}-as-of`} data-testid="data-through">
          {dataThrough ? `Your data runs through ${formatDay(dataThrough)}: rules like “in the last 30 days” count back from the day you choose.` : 'Empty means today.'}
        </p>
      </form>
      <ErrorNote error={error} />
    </Dialog>
  );
}
