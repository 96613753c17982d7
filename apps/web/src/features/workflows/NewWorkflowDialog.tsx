import { useId, useState, type FormEvent } from 'react';
import { Dialog } from '../../app/dialog.tsx';
import { ErrorNote } from '../../app/error-message.tsx';

/**
 * Asks for the new workflow's name first: nothing is created until the user
 * confirms, so a stray click leaves no "Untitled workflow" behind.
 */
export function NewWorkflowDialog({ open, busy, error, onCreate, onClose }: {
  open: boolean;
  busy: boolean;
  error: unknown;
  onCreate: (name: string) => void;
  onClose: () => void;
}) {
  const formId = useId();
  const [name, setName] = useState('');
  const close = () => {
    setName('');
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim()) onCreate(name.trim());
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
      </form>
      <ErrorNote error={error} />
    </Dialog>
  );
}
