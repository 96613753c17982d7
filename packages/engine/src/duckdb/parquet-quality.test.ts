import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/run-helpers.ts';
import { openDatabase, queryRows } from './database.ts';
import { parquetQuality } from './parquet-quality.ts';
import { sql } from '../sql/sql.ts';
import type { SourceFacts } from '../nodes/source-facts.ts';

const database = await openDatabase();
const connection = await database.connect();
afterAll(() => (connection.closeSync(), database.close()));
const dir = tempDir();

/** A Parquet file of `rows` rows in row groups of 1000, every seventh key NULL; its facts as read. */
async function written(name: string, keyType: 'BIGINT' | 'VARCHAR', rows: number): Promise<{ path: string; facts: SourceFacts }> {
  const path = join(dir, name);
  await connection.run(`COPY (SELECT CASE WHEN i % 7 = 0 THEN NULL ELSE CAST(i AS ${keyType}) END AS id, i * 2 AS amount FROM range(${rows}) t(i))
    TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE 1000)`);
  return { path, facts: { ok: true, columns: [{ name: 'id', type: keyType === 'VARCHAR' ? 'string' : 'integer', duckType: keyType }, { name: 'amount', type: 'integer', duckType: 'BIGINT' }] } };
}

describe('a Parquet file’s quality counts from its footer', () => {
  it('are the counts a scan of the key column gives, over several row groups', async () => {
    const { path, facts } = await written('numbers.parquet', 'BIGINT', 5500);
    const [scanned] = await queryRows(connection, sql`SELECT count(*) AS rows_read, count(*) FILTER (WHERE id IS NULL) AS missing_key FROM read_parquet(${path})`);
    const counted = await parquetQuality(connection, path, { format: 'parquet', path, key: 'id' }, facts);
    expect(counted).toEqual({ rows_read: Number(scanned.rows_read), missing_key: Number(scanned.missing_key) });
    expect(counted!.missing_key).toBe(786);
  });

  it('are left to a scan for a text key (blanks count too) or a column read as another type', async () => {
    const text = await written('text.parquet', 'VARCHAR', 100);
    expect(await parquetQuality(connection, text.path, { format: 'parquet', path: text.path, key: 'id' }, text.facts)).toBeUndefined();
    const numbers = await written('more.parquet', 'BIGINT', 100);
    const overridden = { format: 'parquet' as const, path: numbers.path, key: 'id', columns: { amount: { type: 'string' as const } } };
    expect(await parquetQuality(connection, numbers.path, overridden, numbers.facts)).toBeUndefined();
  });
});
