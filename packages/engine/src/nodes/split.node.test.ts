import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, queryRows, type Database } from '../duckdb/database.ts';
import { raw, sql } from '../sql/sql.ts';
import { md5Hex } from '../split/md5.ts';
import { splitBucket, splitGroup } from '../split/split-assignment.ts';
import { analyzeWorkflow } from '../validate/index.ts';
import { MODES, runTiny } from '../../test/tiny-run.ts';
import { chain, doc, facts, node, output, source } from '../../test/workflow-builders.ts';
import { splitGroupSql, type SplitConfig } from './split.node.ts';

const CONFIG: SplitConfig = { seed: 'spring-2026', groups: [{ name: 'test', percent: 45.5 }, { name: 'control', percent: 44.5 }, { name: 'holdout', percent: 10 }] };

let db: Database;
let connection: DuckDBConnection;
beforeAll(async () => {
  db = await openDatabase();
  connection = await db.connect();
});
afterAll(() => {
  connection.closeSync();
  db.close();
});

describe('split assignment: one function in DuckDB SQL and in TypeScript', () => {
  it('gives every one of 100k integer and 100k text keys the same digest, bucket and group in both', async () => {
    const rows = await queryRows(connection, sql`
      SELECT k, md5(${CONFIG.seed} || ':' || CAST(k AS VARCHAR)) AS digest, ${splitGroupSql(CONFIG, raw('k'))} AS g,
             'c-' || k || '-é' AS s, ${splitGroupSql(CONFIG, raw(`('c-' || k || '-é')`))} AS gs
      FROM range(100000) t(k) ORDER BY k`);
    expect(rows).toHaveLength(100_000);
    const counts: Record<string, number> = {};
    for (const row of rows) {
      const key = BigInt(row.k as string | number);
      expect(md5Hex(`${CONFIG.seed}:${key}`)).toBe(row.digest);
      expect(splitGroup(CONFIG.seed, CONFIG.groups, key)).toBe(row.g);
      expect(splitGroup(CONFIG.seed, CONFIG.groups, row.s as string)).toBe(row.gs);
      counts[row.g as string] = (counts[row.g as string] ?? 0) + 1;
    }
    // The buckets spread evenly: each group within a percent point of its share.
    expect(Math.abs(counts.test / 1000 - 45.5)).toBeLessThan(1);
    expect(Math.abs(counts.holdout / 1000 - 10)).toBeLessThan(1);
  }, 60_000);

  it('follows the spec formula: first 8 hex digits of md5("seed:key") mod 10000, consecutive ranges', () => {
    const bucket = parseInt(md5Hex('s:42').slice(0, 8), 16) % 10000;
    expect(splitBucket('s', 42)).toBe(bucket);
    expect(splitBucket('s', '42')).toBe(bucket);
    const groups = [{ name: 'a', percent: bucket / 100 }, { name: 'b', percent: 100 - bucket / 100 }];
    expect(splitGroup('s', groups, 42)).toBe('b'); // the bucket is the first of b's range
    expect(splitGroup('s', [{ name: 'a', percent: (bucket + 1) / 100 }, { name: 'b', percent: 100 - (bucket + 1) / 100 }], 42)).toBe('a');
  });
});

const FILES = { 'c.csv': ['id,name', ...Array.from({ length: 300 }, (_, i) => `${i + 1},n${i}`)].join('\n') };
const split = (config: Record<string, unknown>) => doc([source('c'), node('s', 'split', config), output('out')], chain('c', 's', 'out'));

describe('split node', () => {
  it.each(MODES)('gives each customer the group of splitGroup, in the column `as` (%s, %i)', async (mode, partitions) => {
    const run = await runTiny(split({ ...CONFIG, as: 'arm' }), FILES, { mode, partitions });
    const rows = run.rows('out');
    expect(rows).toHaveLength(300);
    for (const r of rows) expect(r.arm, String(r.id)).toBe(splitGroup(CONFIG.seed, CONFIG.groups, r.id as number));
  });

  it('names its column `group` by default and keeps a group\'s members while the percents before it stay', async () => {
    const before = await runTiny(split({ seed: 'x', groups: [{ name: 'holdout', percent: 10 }, { name: 'a', percent: 45 }, { name: 'b', percent: 45 }] }), FILES);
    const after = await runTiny(split({ seed: 'x', groups: [{ name: 'holdout', percent: 10 }, { name: 'a', percent: 60 }, { name: 'b', percent: 30 }] }), FILES);
    const holdout = (rows: Record<string, unknown>[]) => rows.filter((r) => r.group === 'holdout').map((r) => r.id);
    expect(holdout(before.rows('out')).length).toBeGreaterThan(10);
    expect(holdout(after.rows('out'))).toEqual(holdout(before.rows('out')));
  });

  it.each([
    [[{ name: 'a', percent: 50 }, { name: 'b', percent: 49.99 }], 'groups', 'add up to 99.99%'],
    [[{ name: 'a', percent: 50.005 }, { name: 'b', percent: 49.99 }], 'groups[0].percent', 'at most two decimals'],
    [[{ name: 'a', percent: 0 }, { name: 'b', percent: 100 }], 'groups[0].percent', 'more than 0%'],
    [[{ name: 'a', percent: 50 }, { name: 'a', percent: 50 }], 'groups[1].name', 'Two groups are called "a"'],
  ])('reports bad groups in plain words, naming the node and the setting: %j', (groups, field, words) => {
    const problems = analyzeWorkflow(split({ seed: 'x', groups }), { sources: { c: facts({ id: 'integer' }) } }).problems;
    expect(problems).toEqual([expect.objectContaining({ code: 'invalid_config', nodeId: 's', field })]);
    expect(problems[0].message).toContain(words);
  });

  it('refuses unknown settings, one group, and a seed longer than 64 characters', () => {
    const check = (config: Record<string, unknown>) => analyzeWorkflow(split(config), { sources: { c: facts({ id: 'integer' }) } }).problems;
    const two = [{ name: 'a', percent: 50 }, { name: 'b', percent: 50 }];
    expect(check({ seed: 'x', groups: two, colour: 'red' })).toEqual([expect.objectContaining({ code: 'invalid_config', nodeId: 's' })]);
    expect(check({ seed: 'x', groups: [{ name: 'a', percent: 100 }] })).toEqual([expect.objectContaining({ code: 'invalid_config', nodeId: 's' })]);
    expect(check({ seed: 'x'.repeat(65), groups: two })).toEqual([expect.objectContaining({ code: 'invalid_config', nodeId: 's' })]);
  });
});
