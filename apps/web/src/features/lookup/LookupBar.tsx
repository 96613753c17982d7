import { useQuery } from '@tanstack/react-query';
import { diffChangesSomething, diffDocuments } from '@segflow/contract';
import { Search, X } from 'lucide-react';
import { useMemo, useState } from 'react';
import { explainCustomer } from '../../api/explain.queries.ts';
import { isApiError } from '../../api/http.ts';
import { versionQuery } from '../../api/versions.queries.ts';
import { useEditor } from '../../store/editor-provider.tsx';
import { selectDocument, selectWorkflowId } from '../../store/selectors.ts';
import { membershipWord } from './membership-words.ts';
import './lookup.css';

/**
 * "Look up a customer": a key typed here is found in the workflow's own data
 * and evaluated by the published version; the canvas then shows the steps the
 * customer is in and out of, and the inspector why (with a note when the draft
 * on the canvas differs from that version).
 */
export function LookupBar() {
  const workflowId = useEditor(selectWorkflowId);
  const lookup = useEditor((s) => s.lookup);
  const setLookup = useEditor((s) => s.setLookup);
  const setOpen = useEditor((s) => s.setLookupOpen);
  const [key, setKey] = useState(lookup?.key ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const find = async () => {
    if (!key.trim()) return;
    setBusy(true);
    setError(null);
    try {
      setLookup({ key: key.trim(), explanation: await explainCustomer(workflowId, key) });
    } catch (e) {
      setLookup(null);
      setError(isApiError(e) ? e.message : 'The customer could not be looked up.');
    } finally {
      setBusy(false);
    }
  };

  const segments = Object.entries(lookup?.explanation.segments ?? {});
  // The explanation is the published version's: say so when the draft on the canvas differs from it.
  const explained = lookup?.explanation.version;
  const version = useQuery({ ...versionQuery(workflowId, explained ?? 0), enabled: explained !== undefined });
  const draft = useEditor(selectDocument);
  const draftDiffers = useMemo(() => !!version.data && diffChangesSomething(diffDocuments(version.data.document, draft)), [version.data, draft]);
  return (
    <section className="lookup-bar" aria-label="Look up a customer">
      <form className="lookup-form" onSubmit={(e) => { e.preventDefault(); void find(); }}>
        <Search size={15} aria-hidden />
        <input
          className="input lookup-key"
          aria-label="Customer key"
          placeholder="Customer key, e.g. 1042"
          value={key}
          maxLength={256}
          autoFocus
          onChange={(e) => setKey(e.target.value)}
        />
        <button type="submit" className="btn btn-primary btn-sm" disabled={busy || !key.trim()}>{busy ? 'Looking…' : 'Look up'}</button>
        <button type="button" className="icon-btn" aria-label="Close the customer lookup" title="Close: show counts again" onClick={() => setOpen(false)}>
          <X size={16} />
        </button>
      </form>
      {error && <p className="lookup-error" role="alert">{error}</p>}
      {lookup && (
        <p className="lookup-summary" role="status">
          Customer <strong>{lookup.key}</strong> in version {lookup.explanation.version}:{' '}
          {segments.map(([name, member]) => (
            <span key={name} className={`lookup-chip is-${membershipWord(member)}`}>
              {member === null ? `${name}: unknown` : member ? `in ${name}` : `not in ${name}`}
            </span>
          ))}
          <span className="hint"> Click a step to see why.</span>
        </p>
      )}
      {lookup && draftDiffers && (
        <p className="lookup-error" role="note">
          Your draft has changes that version {explained} does not: this explains version {explained} as published. Publish your changes to look them up.
        </p>
      )}
    </section>
  );
}
