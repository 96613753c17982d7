import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Copy, Wand2 } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import type { Role } from '../../api/auth.queries.ts';
import { auditKeys } from '../../api/audit.queries.ts';
import { createUser, userKeys } from '../../api/users.queries.ts';
import { Dialog } from '../../app/dialog.tsx';
import { ErrorNote } from '../../app/error-message.tsx';
import { copyText } from '../tokens/copy-text.ts';
import { generatePassword, ROLE_HELP, ROLES } from './roles.ts';

/**
 * Adds an account with a temporary password the admin hands over; Segflow sends
 * no email. The new user signs in with it (and should change it).
 */
export function AddUserDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const formId = useId();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('editor');
  const [copied, setCopied] = useState(false);
  const create = useMutation({
    mutationFn: () => createUser({ email: email.trim(), password, role }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: userKeys.all });
      void queryClient.invalidateQueries({ queryKey: auditKeys.all });
    },
  });

  const close = () => {
    setEmail('');
    setPassword('');
    setRole('editor');
    setCopied(false);
    create.reset();
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };

  if (create.isSuccess) {
    return (
      <Dialog open={open} title="User added" onClose={close} actions={<button type="button" className="btn btn-primary" onClick={close}>Done</button>}>
        <p>
          <strong>{create.data.email}</strong> can now sign in as <strong>{create.data.role}</strong> with the password you chose.
          Share it with them privately.
        </p>
      </Dialog>
    );
  }

  return (
    <Dialog
      open={open}
      title="Add a user"
      onClose={close}
      actions={
        <>
          <button type="button" className="btn" onClick={close}>Cancel</button>
          <button type="submit" form={formId} className="btn btn-primary" disabled={create.isPending}>
            {create.isPending ? 'Adding…' : 'Add user'}
          </button>
        </>
      }
    >
      <form id={formId} className="user-form" onSubmit={submit} aria-label="New user">
        <label className="field">
          <span>Email</span>
          <input className="input" type="email" required autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <div className="field">
          <label className="field-label" htmlFor={`${formId}-password`}>Temporary password</label>
          <div className="user-password">
            <input
              id={`${formId}-password`}
              className="input mono"
              type="text"
              required
              minLength={8}
              autoComplete="off"
              spellCheck={false}
              value={password}
              onChange={(e) => {
                setPassword(e.target.value);
                setCopied(false);
              }}
            />
            <button type="button" className="btn" onClick={() => { setPassword(generatePassword()); setCopied(false); }} title="Make a strong random password">
              <Wand2 size={15} aria-hidden /> Generate
            </button>
            <button type="button" className="btn" disabled={!password} onClick={() => void copyText(password).then(setCopied)}>
              <Copy size={15} aria-hidden /> {copied ? 'Copied' : 'Copy'}
            </button>
          </div>
          <span className="hint">At least 8 characters. Segflow sends no email: give it to them yourself.</span>
        </div>
        <fieldset className="role-choice">
          <legend className="field-label">Role</legend>
          {ROLES.map((r) => (
            <label key={r} className={`role-option${role === r ? ' is-chosen' : ''}`}>
              <input type="radio" name={`${formId}-role`} value={r} checked={role === r} onChange={() => setRole(r)} />
              <span>
                <strong>{r}</strong>
                <span className="hint">{ROLE_HELP[r]}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <ErrorNote error={create.error} />
      </form>
    </Dialog>
  );
}
