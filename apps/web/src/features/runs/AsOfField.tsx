import { useQuery } from '@tanstack/react-query';
import { datasetListQuery } from '../../api/datasets.queries.ts';
import { formatDay } from '../../app/format.ts';
import { useEditor } from '../../store/editor-provider.tsx';
import { selectAsOf, selectReadOnly } from '../../store/selectors.ts';
import { eventsRunThrough } from './data-through.ts';

const HELP =
  'Rules like “in the last 30 days”, live counts and runs count back from this date. It is saved with the workflow; empty means today.';

/**
 * The workflow's as-of date (`run.asOf` in the document). The toolbar and the run
 * panel show this one field, so a count on the canvas and a run started below
 * it are always computed as of the same day.
 */
/**
 * The date to keep from the date input: a whole `YYYY-MM-DD` day, or '' when the
 * field was cleared on purpose; undefined for a half-typed or impossible date,
 * which must not wipe the saved one (the input reports those as '').
 */
export function typedAsOf(value: string, badInput: boolean): string | undefined {
  if (value === '') return badInput ? undefined : '';
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;
}

/** The events' last day, offered when no date is set (today drifts) or the date set is after it; else undefined. */
export const dayToOffer = (asOf: string, lastDay: string | undefined) => (lastDay && (!asOf || asOf > lastDay) ? lastDay : undefined);

/**
 * `offerDataDay`: offer the events' last day (see dayToOffer; the toolbar does, one offer on screen is enough).
 * `short`: where room is short, the offer says only the day (its name and tooltip say the rest).
 */
export function AsOfField({ className, label = 'As of', offerDataDay = true, short = false }: { className?: string; label?: string; offerDataDay?: boolean; short?: boolean }) {
  const asOf = useEditor(selectAsOf);
  const readOnly = useEditor(selectReadOnly);
  const setAsOf = useEditor((s) => s.setAsOf);
  // Counting as of today on data that stops before today drifts day by day, and as of a day after the data
  // every "in the last N days" rule finds nothing: offer the events' last day in both cases.
  const offering = offerDataDay && !readOnly;
  const datasets = useQuery({ ...datasetListQuery(), enabled: offering });
  const nodes = useEditor((s) => s.nodes);
  const lastDay = offering && datasets.data ? eventsRunThrough(nodes.map((n) => ({ id: n.id, kind: n.data.kind, config: n.data.config })), datasets.data) : undefined;
  const through = dayToOffer(asOf, lastDay);
  const why = asOf ? `Your events end on ${formatDay(through)}; as of a later day, “in the last N days” looks at days without events` : `Your events run through ${formatDay(through)}`;
  return (
    <label className={className} title={HELP}>
      <span>{label}</span>
      <input className="input" type="date" value={asOf} readOnly={readOnly} min="1900-01-01" max="9999-12-31"
        onChange={(e) => {
          const day = typedAsOf(e.target.value, e.target.validity.badInput);
          if (day !== undefined) setAsOf(day);
        }} aria-label="As of date" />
      {!asOf && <span className="as-of-today">today</span>}
      {through && (
        <button type="button" className="btn btn-sm as-of-suggest" title={`${why}: count as of that day`} aria-label={`Use ${formatDay(through)}`} onClick={() => setAsOf(through)}>
          {short ? formatDay(through) : `Use ${formatDay(through)}`}
        </button>
      )}
    </label>
  );
}
