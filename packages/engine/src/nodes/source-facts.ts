import type { ColumnType } from '../model/column.ts';

export interface SourceColumn {
  name: string;
  /** The type as the workflow sees it, after the node's `columns` overrides. */
  type: ColumnType;
  /** DuckDB's type of the column as read (overridden columns are read as VARCHAR). */
  duckType: string;
}

/** What reading a source file told us: its columns, or why it cannot be read. */
export type SourceFacts = { ok: true; columns: SourceColumn[] } | { ok: false; message: string };

/** Maps a DuckDB type name to the workflow's column types; unknown types read as text. */
export function columnTypeOfDuckType(duckType: string): ColumnType {
  const t = duckType.toUpperCase();
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/.test(t)) return 'integer';
  if (/^(FLOAT|DOUBLE|REAL|DECIMAL.*|NUMERIC.*)$/.test(t)) return 'number';
  if (t === 'BOOLEAN') return 'boolean';
  if (t === 'DATE') return 'date';
  if (t.startsWith('TIMESTAMP')) return 'timestamp';
  return 'string';
}
