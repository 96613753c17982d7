import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isPlainName, nameInside, pathResolver, resolveInside } from './resolve-path.ts';

const root = mkdtempSync(join(tmpdir(), 'segflow-paths-'));
const datasets = join(root, 'datasets');
const outputs = join(root, 'outputs', 'run_1');
mkdirSync(join(datasets, 'sub'), { recursive: true });
writeFileSync(join(datasets, 'a.csv'), 'id\n1\n');
writeFileSync(join(root, 'secret.txt'), 'no');
symlinkSync(root, join(datasets, 'up'));
symlinkSync(join(root, 'secret.txt'), join(datasets, 'secret.csv'));
symlinkSync(join(root, 'missing'), join(datasets, 'dangling.csv'));
// A folder beside the datasets whose name begins with theirs: not inside them.
mkdirSync(join(root, 'datasets-other'));
writeFileSync(join(root, 'datasets-other', 'b.csv'), 'id\n2\n');
symlinkSync(join(root, 'datasets-other'), join(datasets, 'near'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('resolveInside', () => {
  it('resolves names and sub-folders inside the folder, existing or not', () => {
    expect(resolveInside(datasets, 'a.csv', 'Source')).toBe(join(datasets, 'a.csv'));
    expect(resolveInside(datasets, 'sub/../a.csv', 'Source')).toBe(join(datasets, 'a.csv'));
    expect(resolveInside(datasets, 'new/deeper/b.csv', 'Source')).toBe(join(datasets, 'new/deeper/b.csv'));
  });

  it.each([
    ['/etc/passwd', /absolute path/],
    ['../secret.txt', /leaves the datasets folder/],
    ['sub/../../secret.txt', /leaves the datasets folder/],
    ['up/secret.txt', /through a link/],
    ['secret.csv', /through a link/],
    ['dangling.csv', /through a link|cannot be followed/],
    ['near/b.csv', /through a link/],
    ['../datasets-other/b.csv', /leaves the datasets folder/],
    ['', /not a file name/],
    ['.', /is the datasets folder itself/],
    ['sub/..', /is the datasets folder itself/],
    ['a\0.csv', /not a file name/],
  ])('refuses %j', (path, message) => {
    expect(() => resolveInside(datasets, path, 'Source')).toThrow(message);
  });
});

describe('pathResolver', () => {
  it('reads from datasets and writes inside the run folder only', () => {
    const resolve = pathResolver(datasets, outputs);
    expect(resolve('a.csv', 'read')).toBe(join(datasets, 'a.csv'));
    expect(resolve('out/x.csv', 'write')).toBe(join(outputs, 'out/x.csv'));
    expect(() => resolve('../run_2/x.csv', 'write')).toThrow(/leaves the run's outputs folder/);
  });

  it('refuses every write without a run folder', () => {
    expect(() => pathResolver(datasets)('x.csv', 'write')).toThrow(/deliver no files/);
  });
});

describe('isPlainName', () => {
  it('takes only names that nameInside finds inside the folder, and is not the folder itself', () => {
    const names = fc.oneof(fc.string({ maxLength: 12 }), fc.stringMatching(/^[a-z./\\:\0 ]{0,6}$/), fc.constantFrom('.', '..', 'a.csv', 'C:/x', 'C:x', '...', '. .'));
    fc.assert(fc.property(names, (name) => {
      if (!isPlainName(name)) return;
      expect(nameInside(outputs, name, 'Output')).toBe(join(outputs, name));
    }), { numRuns: 3000 });
  });

  it('leaves folders, links upward and odd names to nameInside', () => {
    for (const name of ['', '.', '..', 'a/b.csv', '../x.csv', '/x.csv', 'C:\\x.csv', 'a\0b', 'sub\\x.csv']) expect(isPlainName(name), name).toBe(false);
    for (const name of ['segment.csv', '...', 'vip list.parquet', '.hidden']) expect(isPlainName(name), name).toBe(true);
  });
});
