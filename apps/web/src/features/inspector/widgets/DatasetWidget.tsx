import { COLUMN_TYPES, getNodeDefinition, type ColumnType } from '@segflow/engine';
import { Link } from 'wouter';
import type { Dataset } from '../../../api/datasets.queries.ts';
import { formatCount } from '../../../app/format.ts';
import { useAnalysis } from '../../problems/analysis-context.tsx';
import { FieldSelect } from '../FieldSelect.tsx';
import { Field } from '../forms/fields.tsx';
import { str } from '../forms/form-props.ts';
import type { WidgetProps } from './widget-props.ts';

type Overrides = Record<string, { type: ColumnType; format?: string }>;

const formatOf = (name: string) => (/\.parquet$/i.test(name) ? 'parquet' : /\.(json|jsonl|ndjson)$/i.test(name) ? 'json' : 'csv');

/** Per-column type overrides, e.g. a text column of "9/4/2012" read as a date with %m/%d/%Y. */
function ColumnTypes({ dataset, overrides, onChange }: { dataset: Dataset; overrides: Overrides; onChange: (o: Overrides | undefined) => void }) {
  const setOne = (name: string, next: { type: ColumnType; format?: string } | undefined) => {
    const { [name]: _old, ...rest } = overrides;
    const all = next ? { ...rest, [name]: next } : rest;
    onChange(Object.keys(all).length ? all : undefined);
  };
  return (
    <table className="table compact column-types">
      <thead>
        <tr><th>Column</th><th>Read as</th></tr>
      </thead>
      <tbody>
        {dataset.columns.map((c) => {
          const o = overrides[c.name];
          return (
            <tr key={c.name}>
              <td className="column-name" title={c.name}>{c.name}</td>
              <td>
                <div className="column-type-cell">
                  <select className="select" aria-label={`Type of ${c.name}`} value={o?.type ?? ''} onChange={(e) => setOne(c.name, e.target.value ? { type: e.target.value as ColumnType, format: o?.format } : undefined)}>
                    <option value="">{c.type} (detected)</option>
                    {COLUMN_TYPES.map((t) => <option key={t} value={t}>{t}</option>)}
                  </select>
                  {(o?.type === 'date' || o?.type === 'timestamp') && (
                    <input className="input mono" aria-label={`Format of ${c.name}`} placeholder="%m/%d/%Y" value={o.format ?? ''}
                      onChange={(e) => setOne(c.name, { type: o.type, ...(e.target.value ? { format: e.target.value } : {}) })} />
                  )}
                </div>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Profiles and events: pick an uploaded dataset, its key (and time) column, and how to read it. */
export function DatasetWidget({ kind, config, set }: WidgetProps) {
  const { datasets } = useAnalysis();
  // Event rows have a time column; customer rows have one row per key, and duplicates to resolve.
  const events = getNodeDefinition(kind)?.output === 'events';
  const path = str(config.path);
  const dataset = datasets?.find((d) => d.name === path);
  const columns = dataset?.columns ?? [];
  const overrides = (config.columns ?? {}) as Overrides;
  const typed = columns.map((c) => ({ name: c.name, type: overrides[c.name]?.type ?? c.type }));
  const dedupe = config.dedupe as { keep: 'first' | 'last'; orderBy?: string } | undefined;

  const pickDataset = (name: string) => {
    const picked = datasets?.find((d) => d.name === name);
    const keep = picked?.columns.some((c) => c.name === config.key);
    set({
      path: name,
      format: formatOf(name),
      ...(picked && !keep ? { key: picked.columns[0]?.name ?? '' } : {}),
      ...(events && picked && !picked.columns.some((c) => c.name === config.timestamp)
        ? { timestamp: picked.columns.find((c) => c.type === 'date' || c.type === 'timestamp')?.name ?? '' }
        : {}),
      columns: undefined,
    });
  };

  return (
    <>
      <Field label="Dataset" help={datasets && !datasets.length ? <>No datasets yet. <Link href="/datasets">Upload one</Link>.</> : undefined}>
        <select className="select" aria-label="Dataset" value={path} onChange={(e) => pickDataset(e.target.value)} aria-invalid={(!!path && !dataset && !!datasets) || undefined}>
          <option value="">{datasets ? 'Choose a dataset…' : 'Loading datasets…'}</option>
          {path && !dataset && <option value={path}>{path} (not uploaded)</option>}
          {datasets?.map((d) => (
            <option key={d.name} value={d.name}>{d.name}{d.rows !== null ? ` · ${formatCount(d.rows)} rows` : ''}</option>
          ))}
        </select>
      </Field>
      {dataset && (
        <>
          <Field label={events ? 'Customer key column' : 'Key column (one row per customer)'}>
            <FieldSelect columns={typed} types={['integer', 'string']} value={str(config.key)} label="Key column" onChange={(key) => set({ key })} />
          </Field>
          {events && (
            <Field label="Event time column">
              <FieldSelect columns={typed} types={['date', 'timestamp']} value={str(config.timestamp)} label="Event time column" onChange={(timestamp) => set({ timestamp })} />
            </Field>
          )}
          {!events && (
            <Field label="When a key appears twice" help="Duplicates are counted and reported on the node either way.">
              <div className="inline-fields">
                <select className="select" aria-label="Duplicate keys" value={dedupe ? dedupe.keep : ''} onChange={(e) => set({ dedupe: e.target.value ? { keep: e.target.value, ...(dedupe?.orderBy ? { orderBy: dedupe.orderBy } : {}) } : undefined })}>
                  <option value="">keep the first in the file</option>
                  <option value="first">keep the first by…</option>
                  <option value="last">keep the last by…</option>
                </select>
                {dedupe && (
                  <FieldSelect columns={typed} value={dedupe.orderBy} label="Order duplicates by" emptyLabel="file order" onChange={(orderBy) => set({ dedupe: { keep: dedupe.keep, ...(orderBy ? { orderBy } : {}) } })} />
                )}
              </div>
            </Field>
          )}
          <details className="inspector-details">
            <summary>{columns.length} columns{dataset.rows !== null ? ` · ${formatCount(dataset.rows)} rows` : ''}</summary>
            <ColumnTypes dataset={dataset} overrides={overrides} onChange={(columns) => set({ columns })} />
          </details>
        </>
      )}
    </>
  );
}
