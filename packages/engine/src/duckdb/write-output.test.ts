import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { execute, openDatabase } from './database.ts';
import { removePartialFiles, writeSegmentFile } from './write-output.ts';
import { raw, sql } from '../sql/sql.ts';
import { chain, doc, output, source } from '../../test/workflow-builders.ts';
import { writeFiles } from '../../test/tiny-run.ts';
import { runWorkflow } from './run-workflow.ts';
import { tempDir } from '../../test/run-helpers.ts';

/** A process id no process has (above Linux's largest). */
const DEAD_PID = 999_999_999;
const dirs: string[] = [];
const folder = () => {
  const dir = tempDir('segflow-write-');
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

type Connection = Awaited<ReturnType<Awaited<ReturnType<typeof openDatabase>>['connect']>>;

async function withTable(work: (connection: Connection) => Promise<void>) {
  const db = await openDatabase();
  const connection = await db.connect();
  try {
    await execute(connection, sql`CREATE TABLE t AS SELECT 1 AS id`);
    await work(connection);
  } finally {
    connection.closeSync();
    db.close();
  }
}

describe('writeSegmentFile', () => {
  it('never replaces a folder with a segment', async () => {
    const dir = folder();
    mkdirSync(join(dir, 'run'));
    writeFileSync(join(dir, 'run', 'kept.csv'), 'id\n1\n');
    await withTable(async (c) => {
      await expect(writeSegmentFile(c, raw('t'), join(dir, 'run'), 'csv')).rejects.toThrow('The output "run" is a folder; a segment is written to a file.');
    });
    expect(readdirSync(join(dir, 'run'))).toEqual(['kept.csv']);
    expect(readdirSync(dir)).toEqual(['run']);
  });

  it('removes what a killed writer of the same file left, and nothing else', async () => {
    const dir = folder();
    for (const name of [`seg.csv.partial-${DEAD_PID}`, `seg.csv.partial-${process.pid}`, `other.csv.partial-${DEAD_PID}`, 'seg.csv.partial-notes']) writeFileSync(join(dir, name), 'half');
    await withTable((c) => writeSegmentFile(c, raw('t'), join(dir, 'seg.csv'), 'csv'));
    expect(readdirSync(dir).sort()).toEqual(['other.csv.partial-999999999', `seg.csv`, 'seg.csv.partial-notes'].sort());
  });
});

describe('a run over leftovers', () => {
  it('cleans its own outputs\' leftovers before writing them', async () => {
    const out = folder();
    writeFileSync(join(out, `seg.json.partial-${DEAD_PID}`), 'half');
    const document = doc([source('c'), output('seg', { destination: { type: 'json', path: 'seg.json' } })], chain('c', 'seg'));
    const data = writeFiles({ 'c.csv': 'id\n1' });
    dirs.push(data);
    const result = await runWorkflow(document, { mode: 'sequential', resolvePath: (p, use) => join(use === 'read' ? data : out, p) });
    expect(result.state?.status).toBe('succeeded');
    expect(readdirSync(out)).toEqual(['seg.json']);
  });
});

describe('removePartialFiles', () => {
  it('removes every partial file in the folder and below it, never through a link', async () => {
    const dir = folder();
    const outside = folder();
    mkdirSync(join(dir, 'run_1', 'sub'), { recursive: true });
    writeFileSync(join(outside, 'x.csv.partial-5'), 'not ours');
    symlinkSync(outside, join(dir, 'link'));
    for (const name of ['a.csv.partial-123', 'run_1/b.json.partial-7', 'run_1/sub/c.parquet.partial-99', 'run_1/keep.csv', 'run_1/keep.csv.partial']) writeFileSync(join(dir, name), 'x');
    expect(removePartialFiles(dir)).toBe(3);
    expect(readdirSync(join(dir, 'run_1')).sort()).toEqual(['keep.csv', 'keep.csv.partial', 'sub']);
    expect(readdirSync(join(dir, 'run_1', 'sub'))).toEqual([]);
    expect(existsSync(join(outside, 'x.csv.partial-5'))).toBe(true);
  });
});
