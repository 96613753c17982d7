import { useState } from 'react';
import { isEmptyDiff, type DocumentDiff } from './diff-documents.ts';

const short = (v: unknown) => {
  if (v === undefined) return '—';
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
};

const SHOWN = 14;

/** A diff as a short list a person can read: + added, − removed, ~ changed with values. */
export function DiffList({ diff, labelOf }: { diff: DocumentDiff; labelOf: (id: string) => string }) {
  const [all, setAll] = useState(false);
  if (isEmptyDiff(diff)) return <p className="hint">No changes to the steps or connections.</p>;
  const lines = [
    ...diff.nodes.added.map((id) => <li key={`a${id}`} className="diff-add">+ step {labelOf(id)}</li>),
    ...diff.nodes.removed.map((id) => <li key={`r${id}`} className="diff-remove">− step {labelOf(id)}</li>),
    ...diff.nodes.changed.map(({ id, changes }) => (
      <li key={`c${id}`} className="diff-change">
        ~ step {labelOf(id)}
        <ul>
          {changes.map((c, i) => (
            <li key={i}><span className="mono">{c.path}</span>: {short(c.before)} → {short(c.after)}</li>
          ))}
        </ul>
      </li>
    )),
    ...diff.edges.added.map((k) => <li key={`ea${k}`} className="diff-add">+ connection {k}</li>),
    ...diff.edges.removed.map((k) => <li key={`er${k}`} className="diff-remove">− connection {k}</li>),
  ];
  return (
    <ul className="diff-list" data-testid="diff-list">
      {all ? lines : lines.slice(0, SHOWN)}
      {lines.length > SHOWN && (
        <li>
          <button type="button" className="btn btn-sm btn-ghost" onClick={() => setAll(!all)}>
            {all ? 'Show fewer' : `Show all ${lines.length} changes`}
          </button>
        </li>
      )}
    </ul>
  );
}
