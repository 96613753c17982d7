import { z } from 'zod';
import { COLUMN_TYPES, type Column, type ColumnType, type Schema } from '../model/column.ts';
import { error, type Problem } from '../model/problem.ts';
import { ident, join, raw, sql, type Sql } from '../sql/sql.ts';
import type { CompileContext, InferContext } from './define-node.ts';
import type { FieldDescriptor } from './fields.ts';
import { shortText } from '../conditions/index.ts';
import { duckdbDialect, type Dialect } from '../sql/dialects/index.ts';

/** Settings shared by the two ingestion kinds, `source` and `events`. */
export const readConfigShape = {
  format: z.enum(['csv', 'parquet', 'json']),
  path: z.string().min(1).max(1024),
  key: z.string().min(1).max(256),
  columns: z
    .record(z.string().min(1).max(256), z.strictObject({ type: z.enum(COLUMN_TYPES), format: z.string().min(1).max(64).optional() }))
    .optional(),
  delimiter: z.string().length(1).optional(),
};

export type ReadConfig = z.infer<z.ZodObject<typeof readConfigShape>>;

/** `schema.table` (or `table`, in the connection's search path): plain identifiers only, quoted when used. */
const TABLE_NAME = /^(?:[A-Za-z_][A-Za-z0-9_$]{0,62}\.)?[A-Za-z_][A-Za-z0-9_$]{0,62}$/;
/** Whether a source's `table` setting may name this table. */
export const isTableName = (name: string): boolean => TABLE_NAME.test(name);

/**
 * Settings of an ingestion node reading a warehouse table instead of a file
 * (spec extension): the connection is a name an admin configured, never an
 * address, so a document cannot point a run at a host.
 */
export const warehouseReadShape = {
  format: z.literal('postgres'),
  connection: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a connection name: letters, digits, - and _'),
  table: z.string().regex(TABLE_NAME, 'a table name such as "public.customers": letters, digits and _'),
  key: z.string().min(1).max(256),
  columns: z.record(z.string().min(1).max(256), z.strictObject({ type: z.enum(COLUMN_TYPES) })).optional(),
};

export type WarehouseReadConfig = z.infer<z.ZodObject<typeof warehouseReadShape>>;

/** What an ingestion node reads: a file, or a warehouse table. */
export type SourceRead = ReadConfig | WarehouseReadConfig;

export const isWarehouseRead = (config: { format?: unknown }): config is WarehouseReadConfig => config.format === 'postgres';

/** A file source's settings; a warehouse table is never read by DuckDB (runs of such workflows go to the warehouse). */
export function fileRead(config: SourceRead): ReadConfig {
  if (isWarehouseRead(config)) throw new Error(`"${config.table}" is a warehouse table: it is read where it lives, not as a file.`);
  return config;
}

/** The table's schema (absent: the connection's search path) and name. */
export function tableParts(table: string): { schema?: string; name: string } {
  const dot = table.indexOf('.');
  return dot < 0 ? { name: table } : { schema: table.slice(0, dot), name: table.slice(dot + 1) };
}

/** The quoted table, for a FROM. */
export function tableSql(table: string): Sql {
  const { schema, name } = tableParts(table);
  return schema ? sql`${ident(schema)}.${ident(name)}` : ident(name);
}

/** "the file" or "the table", in problems about a source's columns. */
const placeWord = (config: SourceRead) => (isWarehouseRead(config) ? 'table' : 'file');

export const MISSING_KEY = 'missing_key';

/** The dataset picker reads the server's uploads: a widget of its own. */
export const ingestionFields: readonly FieldDescriptor[] = [{ key: 'path', label: 'Dataset', widget: 'dataset' }];

export const ingestionSummary = (config: Partial<ReadConfig> | Partial<WarehouseReadConfig>) =>
  'table' in config && config.table ? shortText(`${config.connection}: ${config.table}`) : 'path' in config && config.path ? shortText(String(config.path)) : 'no dataset chosen';

/** Columns of the file with the overrides applied, each made by this node. */
export function inferReadColumns(ctx: InferContext<SourceRead>): { columns?: Column[]; problems: Problem[] } {
  const { nodeId, config, source } = ctx;
  if (!source) return { problems: [] };
  const place = placeWord(config);
  const name = isWarehouseRead(config) ? config.table : config.path;
  if (!source.ok) return { problems: [error('unreadable_source', `Cannot read "${name}": ${source.message}`, { nodeId })] };
  const problems: Problem[] = [];
  const names = new Set(source.columns.map((c) => c.name));
  for (const name of Object.keys(config.columns ?? {}))
    if (!names.has(name)) problems.push(error('unknown_field', `The ${place} has no column "${name}" to set a type for.`, { nodeId, field: name }));
  const columns = source.columns.map((c) => ({ name: c.name, type: c.type, origin: nodeId }));
  const key = columns.find((c) => c.name === config.key);
  if (!key) problems.push(error('unknown_field', `The key column "${config.key}" is not in the ${place}.`, { nodeId, field: config.key }));
  else if (key.type !== 'integer' && key.type !== 'string')
    problems.push(error('type_mismatch', `The key column "${config.key}" must hold numbers or text, not ${key.type}.`, { nodeId, field: config.key }));
  return { columns, problems };
}

export const keyOf = (schema: Schema): Column => schema.columns.find((c) => c.name === schema.key)!;

/** The expression reading one raw column as its declared type; bad values become NULL. */
function readColumn(name: string, config: SourceRead, duckType: string, type: ColumnType, dialect: Dialect): Sql {
  const col = ident(name);
  const override = config.columns?.[name];
  if (override && 'format' in override && override.format && (type === 'date' || type === 'timestamp'))
    return sql`CAST(try_strptime(CAST(${col} AS VARCHAR), ${override.format}) AS ${raw(dialect.type(type))})`;
  // Through TIMESTAMPTZ, so a value with an offset lands on its UTC time (the session is UTC).
  if (override && type === 'timestamp') return dialect.tryCast(dialect.tryCast(col, 'TIMESTAMPTZ'), 'TIMESTAMP');
  if (override) return dialect.tryCast(col, dialect.type(type));
  // Normalise what DuckDB reads into the six workflow types (e.g. TIMESTAMPTZ, INT32, LIST).
  if (type === 'timestamp' && duckType !== 'TIMESTAMP') return sql`CAST(${col} AS TIMESTAMP)`;
  if (type === 'string' && duckType !== 'VARCHAR') return sql`CAST(${col} AS VARCHAR)`;
  if (type === 'integer' && duckType !== 'BIGINT') return sql`CAST(${col} AS BIGINT)`;
  return col;
}

function duckTypesOf(ctx: CompileContext<SourceRead>): Map<string, string> {
  return new Map(ctx.source?.ok ? ctx.source.columns.map((c) => [c.name, c.duckType]) : []);
}

/**
 * An empty key: NULL, or blank text. Numeric keys are only checked for NULL:
 * casting 20M numbers to text to trim them would cost seconds.
 */
export function missingKey(ctx: CompileContext<SourceRead>): Sql {
  const key = ident(ctx.config.key);
  const rawType = ctx.source?.ok ? ctx.source.columns.find((c) => c.name === ctx.config.key)?.duckType : undefined;
  if (rawType === 'VARCHAR') return sql`(${key} IS NULL OR trim(${key}) = '')`;
  if (rawType === undefined) return sql`(${key} IS NULL OR trim(CAST(${key} AS VARCHAR)) = '')`;
  return sql`(${key} IS NULL)`;
}

/** The columns of the raw rows, read as the output schema says. */
export function readSelectList(ctx: CompileContext<SourceRead>): Sql {
  const duckTypes = duckTypesOf(ctx);
  return join(
    ctx.output.columns.map((c) => sql`${readColumn(c.name, ctx.config, duckTypes.get(c.name) ?? 'VARCHAR', c.type, ctx.dialect ?? duckdbDialect)} AS ${ident(c.name)}`),
    ', ',
  );
}

/**
 * One row counting data-quality findings in the raw rows: empty keys, and per
 * overridden column the values that could not be read as its type.
 */
export function qualitySql(ctx: CompileContext<SourceRead>): Sql {
  const duckTypes = duckTypesOf(ctx);
  const counts = [sql`count(*) AS rows_read`, sql`count(*) FILTER (WHERE ${missingKey(ctx)}) AS ${ident(MISSING_KEY)}`];
  for (const name of Object.keys(ctx.config.columns ?? {})) {
    const column = ctx.output.columns.find((c) => c.name === name);
    if (!column) continue;
    const read = readColumn(name, ctx.config, duckTypes.get(name) ?? 'VARCHAR', column.type, ctx.dialect ?? duckdbDialect);
    counts.push(sql`count(*) FILTER (WHERE ${ident(name)} IS NOT NULL AND trim(CAST(${ident(name)} AS VARCHAR)) <> '' AND ${read} IS NULL) AS ${ident(`invalid:${name}`)}`);
  }
  return sql`SELECT ${join(counts, ', ')} FROM ${ctx.raw!}`;
}
