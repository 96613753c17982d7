import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { permanentIfDeterministic } from '../src/duckdb/duckdb-errors.ts';
import { isPermanent } from '../src/run/permanent-error.ts';
import type { RunEvent } from '../src/run/run-events.ts';
import { runTiny } from './tiny-run.ts';
import { chain, doc, output, source } from './workflow-builders.ts';

/** The error DuckDB raises for a statement. */
async function duckError(statement: string): Promise<unknown> {
  const connection = await (await DuckDBInstance.create(':memory:')).connect();
  return connection.run(statement).then(() => undefined, (e: unknown) => e);
}

describe('failures that repeat themselves are not retried', () => {
  it('takes parser, binder, catalog, conversion and range errors of DuckDB as permanent', async () => {
    for (const statement of ['SELEC 1', 'SELECT nope', 'SELECT * FROM missing_table', "SELECT CAST('x' AS INTEGER)", 'SELECT 2147483647::INTEGER + 1'])
      expect(isPermanent(permanentIfDeterministic(await duckError(statement))), statement).toBe(true);
    // A file that is not there yet may be there on the next attempt.
    expect(isPermanent(permanentIfDeterministic(await duckError("SELECT * FROM read_csv('/nonexistent/segflow.csv')")))).toBe(false);
    expect(isPermanent(permanentIfDeterministic(new Error('Connection terminated unexpectedly')))).toBe(false);
  });

  it('runs a step that meets a malformed row once, not three times', async () => {
    // The bad row lies past the rows DuckDB samples when the workflow is checked: only the run meets it.
    const rows = Array.from({ length: 30_000 }, (_, i) => `${i + 1},${i}`);
    const events: RunEvent[] = [];
    const run = await runTiny(doc([source('c'), output('out')], chain('c', 'out')), { 'c.csv': `id,n\n${rows.join('\n')}\n30001,1,extra` }, { onEvent: (e) => events.push(e) });
    expect(run.state?.nodes.c).toMatchObject({ status: 'failed', error: expect.stringMatching(/^Invalid Input Error: CSV Error on Line: 30002/) });
    expect(run.state?.nodes.c.error).not.toMatch(/after \d attempts/);
    expect(events.filter((e) => e.type === 'node-retrying')).toEqual([]);
  }, 60_000);
});
