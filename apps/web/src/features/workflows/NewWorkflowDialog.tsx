import { useQuery } from '@tanstack/react-query';
import type { WorkflowInput } from '@segflow/engine';
import { useId, useState, type FormEvent } from 'react';
import { datasetListQuery } from '../../api/datasets.queries.ts';
import { Dialog } from '../../app/dialog.tsx';
import { ErrorNote } from '../../app/error-message.tsx';
import { defaultPicks, readableDatasets, templateDocument } from './template-choice.ts';
import { TemplatePicker, type TemplateChoice } from './TemplatePicker.tsx';

/**
 * Asks for the new workflow's name first: nothing is created until the user
 * confirms, so a stray click leaves no "Untitled workflow" behind.
 */
export function NewWorkflowDialog({ open, busy, error, onCreate, onClose }: {
  open: boolean;
  busy: boolean;
  error: unknown;
  /** `document`: the chosen template's; left out for a blank workflow. */
  onCreate: (name: string, document?: WorkflowInput) => void;
  onClose: () => void;
}) {
  const formId = useId();
  const [name, setName] = useState('');
  const datasets = readableDatasets(useQuery({ ...datasetListQuery(), enabled: open }).data ?? []);
  // What the user picked, over the datasets guessed for them.
  const [picked, setPicked] = useState<Partial<TemplateChoice>>({});
  const choice: TemplateChoice = { templateId: null, ...defaultPicks(datasets), ...picked };
  const document = templateDocument(datasets, choice, name.trim());
  const ready = !!name.trim() && (choice.templateId === null || !!document);
  const close = () => {
    setName('');
    setPicked({});
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (ready) onCreate(name.trim(), document);
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
      </form>
      <ErrorNote error={error} />
    </Dialog>
  );
}
