import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { membershipQuery } from '../../api/activation.queries.ts';
import { ErrorNote } from '../../app/error-message.tsx';
import { formatWhen } from '../../app/format.ts';
import './activation.css';

/** A customer's key → when they entered or left each segment, and in which run (published runs only). */
export function MemberLookup({ workflowId }: { workflowId: string }) {
  const [typed, setTyped] = useState('');
  const [key, setKey] = useState('');
  const history = useQuery(membershipQuery(workflowId, key));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setKey(typed.trim());
  };
  return (
    <section className="member-lookup" aria-label="Customer history">
      <h4>When did a customer join or leave?</h4>
      <form onSubmit={submit}>
        <label className="field">
          <span>Customer key</span>
          <input className="input mono" maxLength={256} value={typed} onChange={(e) => setTyped(e.target.value)} placeholder="e.g. 10423" />
        </label>
        <button type="submit" className="btn btn-sm" disabled={!typed.trim()}>Look up</button>
      </form>
      {key && history.isPending && <p className="hint">Looking…</p>}
      <ErrorNote error={history.error} />
      {history.data && history.data.length === 0 && <p className="muted">No published run has kept its members yet.</p>}
      {history.data && history.data.length > 0 && (
        <table className="table member-timeline" data-testid="member-timeline">
          <thead>
            <tr><th>Segment</th><th>Now</th><th>Changes</th></tr>
          </thead>
          <tbody>
            {history.data.map((s) => (
              <tr key={s.nodeId}>
                <td>{s.segment}</td>
                <td>{s.member ? 'In the segment' : 'Not in the segment'}</td>
                <td>
                  {s.events.length === 0
                    ? <span className="muted">Never in it across the last {s.runs} run{s.runs === 1 ? '' : 's'}</span>
                    : s.events.map((e) => (
                        <div key={e.runId}>
                          {e.change === 'entered' ? 'Joined' : 'Left'} {formatWhen(e.at)} <span className="muted">(run {e.runId}{e.version ? `, v${e.version}` : ''})</span>
                        </div>
                      ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
