import type { ColumnType } from '@segflow/engine';
import { useQuery } from '@tanstack/react-query';
import { credentialListQuery, warehouseTablesQuery, type WarehouseTable } from '../../../api/credentials.queries.ts';
import { Field } from '../forms/fields.tsx';
import { str } from '../forms/form-props.ts';
import { KeyFields } from './KeyFields.tsx';

const DATASET = 'dataset';
const CONNECTION = 'connection:';

/** The first column of `types`, for a key or time column the new table lacks. */
const firstOf = (table: WarehouseTable, types: readonly ColumnType[]) => table.columns.find((c) => types.includes(c.type))?.name ?? '';

/**
 * Where a profiles or events step reads its rows: an uploaded dataset, or a
 * table in one of the connections an admin stored. Shown only when there is
 * a connection (editors see their names, never their addresses).
 */
export function ReadFromField({ config, set }: { config: Record<string, unknown>; set: (patch: Record<string, unknown>) => void }) {
  const connections = useQuery(credentialListQuery('connection')).data;
  const current = config.format === 'postgres' ? str(config.connection) : undefined;
  const names = [...new Set([...(connections ?? []).map((c) => c.name), ...(current ? [current] : [])])];
  if (!names.length) return null;
  const choose = (value: string) => {
    if (value === DATASET) set({ format: 'csv', path: '', connection: undefined, table: undefined, columns: undefined });
    else set({ format: 'postgres', connection: value.slice(CONNECTION.length), table: '', path: undefined, columns: undefined });
  };
  return (
    <Field label="Read from">
      <select className="select" aria-label="Read from" value={current === undefined ? DATASET : `${CONNECTION}${current}`} onChange={(e) => choose(e.target.value)}>
        <option value={DATASET}>An uploaded dataset</option>
        {names.map((name) => <option key={name} value={`${CONNECTION}${name}`}>A table in {name}</option>)}
      </select>
    </Field>
  );
}

/** A warehouse table of the chosen connection, then its key (and time) column. */
export function WarehouseTableFields({ events, config, set }: { events: boolean; config: Record<string, unknown>; set: (patch: Record<string, unknown>) => void }) {
  const connection = str(config.connection);
  const listed = useQuery({ ...warehouseTablesQuery(connection), enabled: connection !== '' });
  const tables = listed.data?.tables;
  const name = str(config.table);
  const table = tables?.find((t) => t.name === name || t.name === `public.${name}`);
  const overrides = (config.columns ?? {}) as Record<string, { type: ColumnType }>;
  const columns = (table?.columns ?? []).map((c) => ({ name: c.name, type: overrides[c.name]?.type ?? c.type }));

  const pickTable = (next: string) => {
    const picked = tables?.find((t) => t.name === next);
    const has = (column: unknown) => picked?.columns.some((c) => c.name === column);
    set({
      table: next,
      columns: undefined,
      ...(picked && !has(config.key) ? { key: firstOf(picked, ['integer', 'string']) } : {}),
      ...(events && picked && !has(config.timestamp) ? { timestamp: firstOf(picked, ['date', 'timestamp']) } : {}),
    });
  };

  const help = listed.error ? listed.error.message : listed.data?.truncated ? 'Only the first tables are listed: ask an admin for a connection whose user sees fewer.' : undefined;
  return (
    <>
      <Field label="Table" help={help}>
        <select className="select" aria-label="Table" value={name} onChange={(e) => pickTable(e.target.value)} aria-invalid={(!!name && !table && !!tables) || undefined}>
          <option value="">{tables ? (tables.length ? 'Choose a table…' : 'No tables this connection can read') : listed.error ? 'Tables could not be listed' : 'Loading tables…'}</option>
          {name && !table && <option value={name}>{name} (not found)</option>}
          {tables?.map((t) => <option key={t.name} value={t.name}>{t.name}{t.kind === 'view' ? ' (view)' : ''} · {t.columns.length} columns</option>)}
        </select>
      </Field>
      {table && <KeyFields events={events} columns={columns} config={config} set={set} place="table" />}
    </>
  );
}
