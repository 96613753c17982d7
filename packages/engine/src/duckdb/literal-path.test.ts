import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkWorkflow } from './run-workflow.ts';
import { execute, openDatabase } from './database.ts';
import { literalPath } from './literal-path.ts';
import { sql } from '../sql/sql.ts';
import { chain, doc, output, source } from '../../test/workflow-builders.ts';
import { readJsonLines } from '../../test/tiny-run.ts';
import { runIn, tempDir } from '../../test/run-helpers.ts';

/**
 * A data folder beside a secret one: `passwd.csv` links to the secret file and
 * `outlink` to the secret folder; `a[1].csv` and `a1.csv` are both real files.
 */
const root = tempDir('segflow-literal-');
const data = join(root, 'data');
const secret = join(root, 'secret');
mkdirSync(data);
mkdirSync(secret);
writeFileSync(join(secret, 'secret.csv'), 'id,password\n1,TOPSECRET\n');
symlinkSync(join(secret, 'secret.csv'), join(data, 'passwd.csv'));
symlinkSync(secret, join(data, 'outlink'));
writeFileSync(join(data, 'a[1].csv'), 'id,name\n1,bracketed\n');
writeFileSync(join(data, 'a1.csv'), 'id,name\n2,plain\n');
writeFileSync(join(data, 'star*.csv'), 'id,name\n3,starred\n');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const readAt = (path: string, format = 'csv') => doc([source('c', { path, format }), output('out', { destination: { type: 'json', path: 'out.json' } })], chain('c', 'out'));
const check = (path: string, format = 'csv') => checkWorkflow(readAt(path, format), { resolvePath: (p) => join(data, p) });

describe('source paths are file names, never patterns', () => {
  it.each(['pass*.csv', 'passw?.csv', 'pass[w]d.csv', 'outl*/secret.csv', 'outlin?/secret.csv'])('%j reads no file through a match', async (path) => {
    const { problems, sources } = await check(path);
    expect(sources.c).toEqual({ ok: false, message: 'there is no such file.' });
    expect(problems).toContainEqual(expect.objectContaining({ code: 'unreadable_source', nodeId: 'c', message: `Cannot read "${path}": there is no such file.` }));
    expect(JSON.stringify(problems)).not.toContain('password');
  });

  it('reads a file whose name holds [ or * as that file', async () => {
    for (const [path, name] of [['a[1].csv', 'bracketed'], ['star*.csv', 'starred']]) {
      const result = await runIn(readAt(path), { dataDir: data, mode: 'sequential' });
      expect(result.problems).toEqual([]);
      expect(readJsonLines(result.state!.segments.out.path).map((r) => r.name)).toEqual([name]);
    }
  });

  it('reads a parquet file whose name holds [ as that file, in every mode', async () => {
    const db = await openDatabase();
    const connection = await db.connect();
    await execute(connection, sql`COPY (SELECT 7 AS id, 'parquet' AS name) TO ${join(data, 'p[1].parquet')} (FORMAT parquet)`);
    await execute(connection, sql`COPY (SELECT 8 AS id, 'wrong' AS name) TO ${join(data, 'p1.parquet')} (FORMAT parquet)`);
    connection.closeSync();
    db.close();
    for (const mode of ['sequential', 'hybrid'] as const) {
      const result = await runIn(readAt('p[1].parquet', 'parquet'), { dataDir: data, mode, partitions: 2 });
      expect(readJsonLines(result.state!.segments.out.path)).toEqual([{ id: 7, name: 'parquet' }]);
    }
  });

  it('says plainly when the file is missing or is a folder', async () => {
    expect((await check('nothing.csv')).sources.c).toEqual({ ok: false, message: 'there is no such file.' });
    expect((await check('outlink')).sources.c).toEqual({ ok: false, message: 'it is a folder, not a file.' });
  });
});

describe('literalPath', () => {
  it('turns every glob character into a class matching only itself', () => {
    expect(literalPath('/d/a[1]*?.csv')).toBe('/d/a[[]1][*][?].csv');
    expect(literalPath('/d/plain {x}.csv')).toBe('/d/plain {x}.csv');
  });

  it('refuses a name it cannot say literally', () => {
    expect(() => literalPath('/d/a\\b*.csv')).toThrow(/backslash/);
  });
});
