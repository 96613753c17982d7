import { formatCount } from '../../app/format.ts';

/** Segment sizes of a run, as name: count chips. */
export function SegmentChips({ segments }: { segments?: Record<string, { count: number }> }) {
  const entries = Object.entries(segments ?? {});
  if (!entries.length) return <span className="muted">—</span>;
  return (
    <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 'var(--space-1)' }}>
      {entries.map(([name, s]) => (
        <span key={name} className="chip" title={`${name}: ${s.count} customers`}>
          {name} <b>{formatCount(s.count)}</b>
        </span>
      ))}
    </span>
  );
}
