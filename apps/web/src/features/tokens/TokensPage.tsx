import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { KeyRound } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { createToken, revokeToken, tokenKeys, tokenListQuery, type ApiToken } from '../../api/tokens.queries.ts';
import { ConfirmDialog } from '../../app/dialog.tsx';
import { ErrorNote } from '../../app/error-message.tsx';
import { formatTime, formatWhen } from '../../app/format.ts';
import { NewTokenNotice } from './NewTokenNotice.tsx';
import './tokens.css';

const EXPIRY: { label: string; days?: number }[] = [
  { label: 'Never' },
  { label: 'In 30 days', days: 30 },
  { label: 'In 90 days', days: 90 },
  { label: 'In a year', days: 365 },
];

/** Personal API tokens: each acts as you, with your role, for scripts and CI. */
export function TokensPage() {
  const queryClient = useQueryClient();
  const tokens = useQuery(tokenListQuery());
  const [name, setName] = useState('');
  const [expiry, setExpiry] = useState(0);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: tokenKeys.mine });
  const create = useMutation({
    mutationFn: () => createToken({ name: name.trim(), ...(EXPIRY[expiry].days ? { expiresInDays: EXPIRY[expiry].days } : {}) }),
    onSuccess: () => {
      setName('');
      void refresh();
    },
  });
  const revoke = useMutation({ mutationFn: (id: string) => revokeToken(id), onSettled: refresh });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim()) create.mutate();
  };

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h2>API tokens</h2>
          <p>Let scripts and CI call Segflow as you, with your role. Send one as <code className="mono">Authorization: Bearer …</code>. Every request and answer is described in the <a href="/docs/api/">API reference</a>.</p>
        </div>
      </div>
      {/* The secret lives in this mutation's answer only: leaving the page or pressing Done forgets it. */}
      {create.data && <NewTokenNotice name={create.data.token.name} secret={create.data.secret} onDone={() => create.reset()} />}
      <form className="card token-form" onSubmit={submit} aria-label="New API token">
        <label className="field token-name">
          <span>Name</span>
          <input className="input" required maxLength={100} placeholder="e.g. Nightly export in CI" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          <span>Expires</span>
          <select className="select" value={expiry} onChange={(e) => setExpiry(Number(e.target.value))}>
            {EXPIRY.map((x, i) => <option key={x.label} value={i}>{x.label}</option>)}
          </select>
        </label>
        <button type="submit" className="btn btn-primary" disabled={create.isPending || !name.trim()}>
          <KeyRound size={15} aria-hidden /> {create.isPending ? 'Creating…' : 'Create token'}
        </button>
        <ErrorNote error={create.error} />
      </form>
      <ErrorNote error={revoke.error} />
      <div className="card">
        {tokens.isPending ? (
          <p className="empty">Loading tokens…</p>
        ) : tokens.isError ? (
          <div className="empty"><ErrorNote error={tokens.error} /></div>
        ) : tokens.data.length === 0 ? (
          <p className="empty">No tokens yet. Create one above for a script or a CI job.</p>
        ) : (
          <table className="table tokens-table" data-testid="tokens-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Token</th>
                <th>Created</th>
                <th>Last used</th>
                <th>Expires</th>
                <th><span className="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.map((t) => (
                <tr key={t.id}>
                  <td className="token-label">{t.name}</td>
                  <td className="mono muted" title="The last characters of the token">…{t.hint}</td>
                  <td className="muted" title={formatTime(t.createdAt)}>{formatWhen(t.createdAt)}</td>
                  <td className="muted" title={formatTime(t.lastUsedAt ?? undefined)}>{t.lastUsedAt ? formatWhen(t.lastUsedAt) : 'Never'}</td>
                  <td className="muted" title={formatTime(t.expiresAt ?? undefined)}>{t.expiresAt ? formatWhen(t.expiresAt) : 'Never'}</td>
                  <td className="token-actions">
                    <button type="button" className="btn btn-sm btn-danger" aria-label={`Revoke ${t.name}`} onClick={() => setRevoking(t)}>
                      Revoke
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <ConfirmDialog
        open={revoking !== null}
        title="Revoke this token?"
        message={`Anything using “${revoking?.name ?? ''}” is refused from now on. This cannot be undone.`}
        confirmLabel="Revoke"
        danger
        busy={revoke.isPending}
        onCancel={() => setRevoking(null)}
        onConfirm={() => {
          if (revoking) revoke.mutate(revoking.id, { onSettled: () => setRevoking(null) });
        }}
      />
    </div>
  );
}
