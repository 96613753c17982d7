import { z } from 'zod';
import type { Column, ColumnType, Schema } from '../model/column.ts';
import { error, type Problem } from '../model/problem.ts';
import { ident, sql, type Sql } from '../sql/sql.ts';
import { duckdbDialect, type Dialect } from '../sql/dialects/index.ts';
import type { FieldDescriptor } from './fields.ts';

/** `as`: the name of the column an enrichment node makes. */
export const newColumnName = z.string().min(1).max(256);

/** `as` in the inspector. */
export const newColumnField: FieldDescriptor = { key: 'as', label: 'New column name', widget: 'text', mono: true };

/** A node may not overwrite the key: every population carries it unchanged. */
export function checkNewColumn(name: string, input: Schema, nodeId: string): Problem[] {
  return name === input.key ? [error('invalid_config', `"${name}" is the key column and cannot be overwritten.`, { nodeId, field: name })] : [];
}

/** The input schema with `name` (re)made by this node; a column of that name is replaced. */
export function withColumn(input: Schema, name: string, type: ColumnType, origin: string): Schema {
  // One list built in one loop: every enrichment node of every document makes one.
  const columns: Column[] = [];
  for (const column of input.columns) if (column.name !== name) columns.push(column);
  columns.push({ name, type, origin });
  return { ...input, columns };
}

/** `SELECT alias.*, expr AS name`, dropping an input column of the same name first. */
export function selectWithColumn(input: Schema, alias: string, name: string, expr: Sql, dialect: Dialect = duckdbDialect): Sql {
  const exists = input.columns.some((c) => c.name === name);
  const star = exists ? dialect.starExcept(ident(alias), input.columns.map((c) => c.name), [name]) : sql`${ident(alias)}.*`;
  return sql`${star}, ${expr} AS ${ident(name)}`;
}
