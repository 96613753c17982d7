import { describe, expect, it } from 'vitest';
import type { Problem } from '../model/problem.ts';
import { CUSTOMER_COLUMNS, doc, edge, facts, output, source, type NodeSpec } from '../../test/workflow-builders.ts';
import { normalOutputPath } from '../nodes/output-path.ts';
import { validateWorkflow } from './analyze-workflow.ts';

const SOURCES = { c: facts(CUSTOMER_COLUMNS) };
let outputs = 0;
const writing = (type: string, path: string, label?: string): NodeSpec => ({
  ...output(`o${++outputs}`, { destination: { type, path } }),
  ...(label ? { label } : {}),
});
/** Problems of c → each output. */
const problemsOf = (...outputs: NodeSpec[]) =>
  validateWorkflow(doc([source('c'), ...outputs], outputs.map((o) => edge('c', o.id))), { sources: SOURCES });
const withCode = (problems: Problem[], code: string) => problems.filter((p) => p.code === code);

describe('duplicate_output_path', () => {
  it.each([
    ['same.csv', './same.csv'],
    ['same.csv', 'a/../same.csv'],
    ['out/same.csv', 'out//./same.csv'],
  ])('is reported on both outputs writing %j and %j, naming them by label', (first, second) => {
    const a = writing('csv', first, 'Everyone');
    const b = writing('json', second, 'VIP list');
    const found = withCode(problemsOf(a, b), 'duplicate_output_path');
    expect(found.map((p) => p.nodeId).sort()).toEqual([a.id, b.id].sort());
    for (const p of found) {
      expect(p).toMatchObject({ severity: 'error', field: 'destination.path' });
      expect(p.message).toContain('"Everyone" and "VIP list" both write');
    }
  });

  it('tells apart names that differ in case or folder', () => {
    expect(withCode(problemsOf(writing('csv', 'same.csv'), writing('csv', 'Same.csv'), writing('csv', 'sub/same.csv')), 'duplicate_output_path')).toEqual([]);
  });

  it('is reported when one output\'s file is the folder of another\'s', () => {
    const file = writing('csv', 'seg.csv', 'Everyone');
    const inside = writing('csv', './seg.csv/vip.csv', 'VIP list');
    const found = withCode(problemsOf(file, inside), 'duplicate_output_path');
    expect(found.map((p) => p.nodeId).sort()).toEqual([file.id, inside.id].sort());
    expect(found[0].message).toBe('"Everyone" writes the file "seg.csv", which "VIP list" needs as a folder for "seg.csv/vip.csv": give them different names.');
  });

  it('names every output when more than two write one file', () => {
    const found = withCode(problemsOf(writing('csv', 'x.csv', 'A'), writing('csv', './x.csv', 'B'), writing('csv', 'x.csv', 'C')), 'duplicate_output_path');
    expect(found).toHaveLength(3);
    expect(found[0].message).toContain('"A", "B" and "C" all write the file "x.csv"');
  });
});

describe('output paths that name a folder', () => {
  it.each(['.', './', '..', 'sub/', 'sub/.', 'sub/..', 'a/b/../..', ' '])('refuses %j as invalid_config on the path', (path) => {
    const out = writing('csv', path);
    expect(withCode(problemsOf(out), 'invalid_config')).toEqual([
      expect.objectContaining({ severity: 'error', nodeId: out.id, field: 'destination.path', message: expect.stringContaining('names a folder, not a file') }),
    ]);
  });

  it('accepts file names in sub-folders', () => {
    expect(problemsOf(writing('csv', 'sub/dir/x.csv'), writing('parquet', './y.parquet'))).toEqual([]);
  });
});

describe('normalOutputPath', () => {
  it.each([
    ['./same.csv', 'same.csv'],
    ['a/../same.csv', 'same.csv'],
    ['a//b/./c.csv', 'a/b/c.csv'],
    ['../x.csv', '../x.csv'],
    ['a/../../x.csv', '../x.csv'],
    ['/tmp/../x.csv', '/x.csv'],
    ['/../x.csv', '/x.csv'],
    // A name without a slash is its own normal form, but for the folder names.
    ['same.csv', 'same.csv'],
    ['..', '..'],
    ['.', ''],
    ['', ''],
  ])('%j is %j', (path, normal) => expect(normalOutputPath(path)).toBe(normal));
});
