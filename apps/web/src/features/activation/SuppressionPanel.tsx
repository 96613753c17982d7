import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { markSuppressionList, suppressionKeys, suppressionListQuery, unmarkSuppressionList } from '../../api/activation.queries.ts';
import type { Dataset } from '../../api/datasets.queries.ts';
import { useCan } from '../../app/auth-context.tsx';
import { ErrorNote } from '../../app/error-message.tsx';
import './activation.css';

/**
 * Suppression lists on the Datasets page: which datasets hold keys that no
 * published output may deliver, and, for an admin, a small form to mark or unmark one.
 */
export function SuppressionPanel({ datasets }: { datasets: Pick<Dataset, 'name' | 'columns'>[] }) {
  const lists = useQuery(suppressionListQuery());
  const canMark = useCan('PUT /api/suppression-lists/:name');
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: suppressionKeys.all });
  const [dataset, setDataset] = useState('');
  const [key, setKey] = useState('');
  const [reason, setReason] = useState('');
  const [expires, setExpires] = useState('');
  const mark = useMutation({ mutationFn: () => markSuppressionList(dataset, { key, reason: reason || null, expires: expires || null }), onSettled: refresh });
  const unmark = useMutation({ mutationFn: unmarkSuppressionList, onSettled: refresh });
  const columns = datasets.find((d) => d.name === dataset)?.columns ?? [];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    mark.mutate(undefined, { onSuccess: () => setDataset('') });
  };
  const pick = (label: string, value: string, set: (v: string) => void, optional: boolean) => (
    <label className="field">
      <span>{label}</span>
      <select className="select" value={value} onChange={(e) => set(e.target.value)} required={!optional}>
        <option value="">{optional ? 'None' : 'Choose a column…'}</option>
        {columns.map((c) => <option key={c.name} value={c.name}>{c.name}</option>)}
      </select>
    </label>
  );

  return (
    <section className="card panel-pad" aria-label="Suppression lists">
      <h3>Suppression lists</h3>
      <p className="muted">Customers in these datasets are never sent by a published workflow, whatever it says. Each run shows how many it left out.</p>
      <ErrorNote error={lists.error ?? unmark.error} />
      {lists.data && lists.data.length > 0 ? (
        <ul>
          {lists.data.map((l) => (
            <li key={l.dataset}>
              <strong>{l.dataset}</strong> <span className="muted">keys in “{l.key}”{l.reason ? `, reason in “${l.reason}”` : ''}{l.expires ? `, until the date in “${l.expires}”` : ''}</span>
              {canMark && <button type="button" className="btn btn-sm" onClick={() => unmark.mutate(l.dataset)}>Stop suppressing</button>}
            </li>
          ))}
        </ul>
      ) : (
        lists.data && <p className="muted">No suppression list yet.</p>
      )}
      {canMark && (
        <form className="suppression-form" onSubmit={submit} aria-label="Mark a suppression list">
          <label className="field">
            <span>Dataset</span>
            <select className="select" value={dataset} onChange={(e) => { setDataset(e.target.value); setKey(''); setReason(''); setExpires(''); }} required>
              <option value="">Choose a dataset…</option>
              {datasets.map((d) => <option key={d.name} value={d.name}>{d.name}</option>)}
            </select>
          </label>
          {pick('Customer key column', key, setKey, false)}
          {pick('Reason column', reason, setReason, true)}
          {pick('Until (date column)', expires, setExpires, true)}
          <button type="submit" className="btn btn-primary" disabled={!dataset || !key || mark.isPending}>Use as suppression list</button>
          <ErrorNote error={mark.error} />
        </form>
      )}
    </section>
  );
}
