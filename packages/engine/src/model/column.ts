/** The column types of the workflow language (spec: "Node kinds"). */
export const COLUMN_TYPES = ['string', 'integer', 'number', 'boolean', 'date', 'timestamp'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

/**
 * A column as schema inference sees it. A column is identified by its name and
 * the node that made it (`origin`): the same column reaching a combine node along
 * two paths is no conflict, two columns of one name from different nodes are.
 */
export interface Column {
  name: string;
  type: ColumnType;
  origin: string;
}

/** What flows along an edge: a population (one row per key) or event rows. */
export type DataKind = 'population' | 'events';

export interface Schema {
  kind: DataKind;
  /** Name of the key column. */
  key: string;
  /** Events only: name of the event-time column. */
  timestamp?: string;
  columns: Column[];
}

/** A loop, not `find` with a closure: validation looks up a column for every rule of every node. */
export function findColumn(schema: Schema, name: string): Column | undefined {
  for (const column of schema.columns) if (column.name === name) return column;
  return undefined;
}

/** The type of the schema's key column. */
export const keyType = (schema: Schema): ColumnType | undefined => findColumn(schema, schema.key)?.type;

export const isNumeric = (t: ColumnType) => t === 'integer' || t === 'number';
export const isTemporal = (t: ColumnType) => t === 'date' || t === 'timestamp';
