import type { ColumnType, Schema } from '../model/column.ts';

export const columnTypes = (schema: Schema): Map<string, ColumnType> => new Map(schema.columns.map((c) => [c.name, c.type]));
