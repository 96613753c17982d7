import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { execute, ident, queryRows, sql } from '@segflow/engine/node';
import { runResults } from './run-results.ts';

const dir = mkdtempSync(join(tmpdir(), 'segflow-results-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The first bytes of a real results file: what a crash leaves while DuckDB writes a new file's header. */
async function cutShort(workflowId: string, keep: number) {
  await withTable(workflowId, 'made', 1);
  const bytes = readFileSync(join(dir, `${workflowId}.duckdb`));
  writeFileSync(join(dir, `${workflowId}.duckdb`), bytes.subarray(0, keep));
}

/** Writes a table into the workflow's results file, and reads it back. */
async function withTable(workflowId: string, table: 'made' | 'again', value: number) {
  const results = runResults(dir);
  const db = await results.acquire(workflowId);
  const connection = await db.connect();
  try {
    await execute(connection, sql`CREATE TABLE ${ident(table)} AS SELECT ${value}::INTEGER AS x`);
    return await queryRows(connection, sql`SELECT x FROM ${ident(table)}`);
  } finally {
    connection.closeSync();
    await results.release(workflowId);
  }
}

describe('run results files', () => {
  it.each([0, 100, 4096, 8192])('makes again a file a crash cut short at %i bytes, before its header was whole', async (keep) => {
    const workflowId = `wf_cut_${keep}`;
    await cutShort(workflowId, keep);
    expect(await withTable(workflowId, 'again', 2)).toEqual([{ x: 2 }]);
  });

  it('still refuses a file past its header that does not open: its tables are not thrown away', async () => {
    const path = join(dir, 'wf_garbage.duckdb');
    writeFileSync(path, Buffer.alloc(4 * 4096, 7));
    await expect(runResults(dir).acquire('wf_garbage')).rejects.toThrow();
    expect(statSync(path).size).toBe(4 * 4096);
  });
});
