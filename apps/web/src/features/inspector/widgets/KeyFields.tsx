import type { ColumnType } from '@segflow/engine';
import { FieldSelect } from '../FieldSelect.tsx';
import { Field } from '../forms/fields.tsx';
import { str } from '../forms/form-props.ts';

type Dedupe = { keep: 'first' | 'last'; orderBy?: string } | undefined;

/**
 * The key column (and, for events, the time column), and for profiles which
 * row to keep when a key appears twice: the same for a dataset and a
 * warehouse table, `place` naming what the rows come from.
 */
export function KeyFields({ events, columns, config, set, place }: {
  events: boolean;
  columns: { name: string; type: ColumnType }[];
  config: Record<string, unknown>;
  set: (patch: Record<string, unknown>) => void;
  place: 'file' | 'table';
}) {
  const dedupe = config.dedupe as Dedupe;
  return (
    <>
      <Field label={events ? 'Customer key column' : 'Key column (one row per customer)'}>
        <FieldSelect columns={columns} types={['integer', 'string']} value={str(config.key)} label="Key column" onChange={(key) => set({ key })} />
      </Field>
      {events && (
        <Field label="Event time column">
          <FieldSelect columns={columns} types={['date', 'timestamp']} value={str(config.timestamp)} label="Event time column" onChange={(timestamp) => set({ timestamp })} />
        </Field>
      )}
      {!events && (
        <Field label="When a key appears twice" help="Duplicates are counted and reported on the node either way.">
          <div className="inline-fields">
            <select className="select" aria-label="Duplicate keys" value={dedupe ? dedupe.keep : ''} onChange={(e) => set({ dedupe: e.target.value ? { keep: e.target.value, ...(dedupe?.orderBy ? { orderBy: dedupe.orderBy } : {}) } : undefined })}>
              <option value="">keep the first in the {place}</option>
              <option value="first">keep the first by…</option>
              <option value="last">keep the last by…</option>
            </select>
            {dedupe && (
              <FieldSelect columns={columns} value={dedupe.orderBy} label="Order duplicates by" emptyLabel={`${place} order`} onChange={(orderBy) => set({ dedupe: { keep: dedupe.keep, ...(orderBy ? { orderBy } : {}) } })} />
            )}
          </div>
        </Field>
      )}
    </>
  );
}
