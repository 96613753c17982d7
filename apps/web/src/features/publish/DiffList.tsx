import { useState } from 'react';
import type { DocumentDiff } from '@segflow/contract';

const short = (v: unknown) => {
  if (v === undefined) return '—';
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
};

const SHOWN = 14;

/** Moving a node on the canvas changes no segment: a diff of only moves is no change. */
export const isEmptyDiff = (d: DocumentDiff) =>
  !d.nodes.added.length && !d.nodes.removed.length && !d.nodes.changed.length && !d.edges.added.length && !d.edges.removed.length && !d.settings.length;

type Change = DocumentDiff['settings'][number];
const changeLines = (changes: Change[]) =>
  changes.map((c, i) => <li key={i}><span className="mono">{c.key}</span>: {short(c.from)} → {short(c.to)}</li>);

/** A diff as a short list a person can read: + added, − removed, ~ changed with values. */
export function DiffList({ diff, labelOf }: { diff: DocumentDiff; labelOf: (id: string) => string }) {
  const [all, setAll] = useState(false);
  if (isEmptyDiff(diff)) return <p className="hint">No changes to the steps or connections.</p>;
  const edge = (e: DocumentDiff['edges']['added'][number]) => `${labelOf(e.source)} → ${labelOf(e.target)}${e.targetPort !== 'in' ? ` (${e.targetPort})` : ''}`;
  const lines = [
    ...diff.nodes.added.map(({ id }) => <li key={`a${id}`} className="diff-add">+ step {labelOf(id)}</li>),
    ...diff.nodes.removed.map(({ id }) => <li key={`r${id}`} className="diff-remove">− step {labelOf(id)}</li>),
    ...diff.nodes.changed.map(({ id, fields, config }) => (
      <li key={`c${id}`} className="diff-change">
        ~ step {labelOf(id)}
        <ul>{changeLines([...fields, ...config])}</ul>
      </li>
    )),
    ...diff.edges.added.map((e) => <li key={`ea${edge(e)}`} className="diff-add">+ connection {edge(e)}</li>),
    ...diff.edges.removed.map((e) => <li key={`er${edge(e)}`} className="diff-remove">− connection {edge(e)}</li>),
    ...(diff.settings.length ? [<li key="settings" className="diff-change">~ workflow settings<ul>{changeLines(diff.settings)}</ul></li>] : []),
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
