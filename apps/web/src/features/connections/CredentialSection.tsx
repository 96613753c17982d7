import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Plus } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { createCredential, credentialKeys, credentialListQuery, deleteCredential, type CredentialKind } from '../../api/credentials.queries.ts';
import { ConfirmDialog } from '../../app/dialog.tsx';
import { ErrorNote } from '../../app/error-message.tsx';
import { formatTime, formatWhen } from '../../app/format.ts';

export interface SectionText {
  title: string;
  intro: string;
  valueLabel: string;
  valuePlaceholder: string;
  namePlaceholder: string;
  empty: string;
  /** How a document names one of these, shown in the table. */
  usage: (name: string) => string;
}

/**
 * One kind of stored credential: a form that adds one and a list of names.
 * The value field is a password field, emptied once saved: the value is never
 * shown again, here or anywhere.
 */
export function CredentialSection({ kind, text }: { kind: CredentialKind; text: SectionText }) {
  const queryClient = useQueryClient();
  const list = useQuery(credentialListQuery(kind));
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [deleting, setDeleting] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: credentialKeys.list(kind) });
  const create = useMutation({
    mutationFn: () => createCredential(kind, name.trim(), value),
    onSuccess: () => {
      setName('');
      setValue('');
      void refresh();
    },
  });
  const remove = useMutation({ mutationFn: (n: string) => deleteCredential(kind, n), onSettled: refresh });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim() && value) create.mutate();
  };

  return (
    <section className="credential-section" aria-label={text.title}>
      <h3>{text.title}</h3>
      <p className="muted">{text.intro}</p>
      <form className="card credential-form" onSubmit={submit} aria-label={`New ${kind}`}>
        <label className="field credential-name">
          <span>Name</span>
          <input className="input mono" required maxLength={64} pattern="[A-Za-z][A-Za-z0-9_\-]{0,63}" placeholder={text.namePlaceholder} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field credential-value">
          <span>{text.valueLabel}</span>
          <input className="input mono" type="password" autoComplete="off" required maxLength={4096} placeholder={text.valuePlaceholder} value={value} onChange={(e) => setValue(e.target.value)} />
        </label>
        <button type="submit" className="btn btn-primary" disabled={create.isPending || !name.trim() || !value}>
          <Plus size={15} aria-hidden /> {create.isPending ? 'Saving…' : 'Save'}
        </button>
        <ErrorNote error={create.error} />
      </form>
      <ErrorNote error={remove.error} />
      <div className="card">
        {list.isPending ? (
          <p className="empty">Loading…</p>
        ) : list.isError ? (
          <div className="empty"><ErrorNote error={list.error} /></div>
        ) : list.data.length === 0 ? (
          <p className="empty">{text.empty}</p>
        ) : (
          <table className="table credentials-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>In a workflow</th>
                <th>Saved</th>
                <th><span className="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((c) => (
                <tr key={c.name}>
                  <td className="credential-label mono">{c.name}</td>
                  <td className="mono muted">{text.usage(c.name)}</td>
                  <td className="muted" title={formatTime(c.createdAt)}>{formatWhen(c.createdAt)}</td>
                  <td className="credential-actions">
                    <button type="button" className="btn btn-sm btn-danger" aria-label={`Delete ${c.name}`} onClick={() => setDeleting(c.name)}>
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete this ${kind}?`}
        message={`Outputs that name “${deleting ?? ''}” cannot deliver until it is saved again.`}
        confirmLabel="Delete"
        danger
        busy={remove.isPending}
        onCancel={() => setDeleting(null)}
        onConfirm={() => {
          if (deleting) remove.mutate(deleting, { onSettled: () => setDeleting(null) });
        }}
      />
    </section>
  );
}
