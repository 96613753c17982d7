import { useEditor } from '../../store/editor-provider.tsx';
import { selectAsOf, selectReadOnly } from '../../store/selectors.ts';

const HELP =
  'Rules like “in the last 30 days”, live counts and runs count back from this date. It is saved with the workflow; empty means today.';

/**
 * The workflow's as-of date (`run.asOf` in the document). The toolbar and the run
 * panel show this one field, so a count on the canvas and a run started below
 * it are always computed as of the same day.
 */
export function AsOfField({ className, label = 'As of' }: { className?: string; label?: string }) {
  const asOf = useEditor(selectAsOf);
  const readOnly = useEditor(selectReadOnly);
  const setAsOf = useEditor((s) => s.setAsOf);
  return (
    <label className={className} title={HELP}>
      <span>{label}</span>
      <input className="input" type="date" value={asOf} readOnly={readOnly} onChange={(e) => setAsOf(e.target.value)} aria-label="As of date" />
      {!asOf && <span className="as-of-today">today</span>}
    </label>
  );
}
