import { COLUMN_TYPES, getNodeDefinition, type ColumnType } from '@segflow/engine';
import { Link } from 'wouter';
import type { Dataset } from '../../../api/datasets.queries.ts';
import { formatCount } from '../../../app/format.ts';
import { useAnalysis } from '../../problems/analysis-context.tsx';
import { Field } from '../forms/fields.tsx';
import { str } from '../forms/form-props.ts';
import { KeyFields } from './KeyFields.tsx';
import { ReadFromField, WarehouseTableFields } from './WarehouseTableWidget.tsx';
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

/** Profiles and events: read an uploaded dataset or a warehouse table, with its key (and time) column. */
export function DatasetWidget({ kind, config, set }: WidgetProps) {
  // Event rows have a time column; customer rows have one row per key, and duplicates to resolve.
  const events = getNodeDefinition(kind)?.output === 'events';
  return (
    <>
      <ReadFromField config={config} set={set} />
      {config.format === 'postgres' ? <WarehouseTableFields events={events} config={config} set={set} /> : <DatasetFields events={events} config={config} set={set} />}
    </>
  );
}

/** An uploaded dataset, its key (and time) column, duplicates and column types. */
function DatasetFields({ events, config, set }: { events: boolean; config: Record<string, unknown>; set: (patch: Record<string, unknown>) => void }) {
  const { datasets } = useAnalysis();
  const path = str(config.path);
  const dataset = datasets?.find((d) => d.name === path);
  const columns = dataset?.columns ?? [];
  const overrides = (config.columns ?? {}) as Overrides;
  const typed = columns.map((c) => ({ name: c.name, type: overrides[c.name]?.type ?? c.type }));

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
          <KeyFields events={events} columns={typed} config={config} set={set} place="file" />
          <details className="inspector-details">
            <summary>{columns.length} columns{dataset.rows !== null ? ` · ${formatCount(dataset.rows)} rows` : ''}</summary>
            <ColumnTypes dataset={dataset} overrides={overrides} onChange={(columns) => set({ columns })} />
          </details>
        </>
      )}
    </>
  );
}
