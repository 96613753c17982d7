import { formatCount } from '../../app/format.ts';

/** Segment sizes of a run, as name: count chips. */
export function SegmentChips({ segments }: { segments?: Record<string, number> | null }) {
  const entries = Object.entries(segments ?? {});
  if (!entries.length) return <span className="muted">—</span>;
  return (
    <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 'var(--space-1)' }}>
      {entries.map(([name, s]) => (
        <span key={name} className="chip" title={`${name}: ${s} customers`}>
          {name} <b>{formatCount(s)}</b>
        </span>
      ))}
    </span>
  );
}
