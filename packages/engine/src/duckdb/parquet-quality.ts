import type { DuckDBConnection } from '@duckdb/node-api';
import type { ReadConfig } from '../nodes/ingestion.ts';
import type { SourceFacts } from '../nodes/source-facts.ts';
import { sql } from '../sql/sql.ts';
import { queryRows } from './database.ts';
import { literalPath } from './literal-path.ts';

/**
 * A Parquet file's quality counts (rows read, rows without a key) from its
 * footer, without reading a value: every row group records its rows and its
 * key column's NULL count. Only when that is all the quality check counts: a
 * key that is not text (text keys also count blanks) and no column read as
 * another type (those count values that do not convert). Undefined when the
 * footer does not say (a writer that left the NULL count out): then the file
 * is scanned.
 */
export async function parquetQuality(connection: DuckDBConnection, path: string, config: ReadConfig, facts: SourceFacts | undefined): Promise<Record<string, unknown> | undefined> {
  if (config.format !== 'parquet' || Object.keys(config.columns ?? {}).length || !facts?.ok) return undefined;
  const keyType = facts.columns.find((c) => c.name === config.key)?.duckType;
  if (keyType === undefined || keyType === 'VARCHAR') return undefined;
  const [row] = await queryRows(connection, sql`SELECT sum(row_group_num_rows) AS rows_read, sum(stats_null_count) AS missing_key,
    count(*) AS groups, count(stats_null_count) AS counted FROM parquet_metadata(${literalPath(path)}) WHERE path_in_schema = ${config.key}`);
  if (!row || Number(row.groups) === 0 || Number(row.groups) !== Number(row.counted)) return undefined;
  return { rows_read: Number(row.rows_read), missing_key: Number(row.missing_key) };
}
