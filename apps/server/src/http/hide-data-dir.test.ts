import { describe, expect, it } from 'vitest';
import { hideDataDir, messageReplacer, withoutDataDir } from './hide-data-dir.ts';

const ROOT = '/srv/segflow-data';

describe('hideDataDir', () => {
  it('makes paths under the data folder relative to it', () => {
    expect(hideDataDir(`file = ${ROOT}/datasets/a.csv and '${ROOT}/outputs/r/x.csv'`, ROOT)).toBe("file = datasets/a.csv and 'outputs/r/x.csv'");
    expect(hideDataDir(`cannot lock ${ROOT}`, ROOT)).toBe('cannot lock .');
    expect(hideDataDir('nothing to hide', ROOT)).toBe('nothing to hide');
  });
});

describe('messageReplacer', () => {
  it('hides the folder in messages only, never in documents or rows', () => {
    const answer = { problems: [{ message: `${ROOT}/datasets/a.csv is broken` }], document: { path: `${ROOT}/datasets/a.csv` }, note: ROOT, error: { message: `${ROOT}/x` } };
    expect(JSON.parse(JSON.stringify(answer, messageReplacer(ROOT)))).toEqual({
      problems: [{ message: 'datasets/a.csv is broken' }], document: { path: `${ROOT}/datasets/a.csv` }, note: '.', error: { message: 'x' },
    });
    expect(withoutDataDir({ type: 'node-failed', error: `at ${ROOT}/datasets/b.csv`, reason: `${ROOT}/y` }, ROOT)).toEqual({ type: 'node-failed', error: 'at datasets/b.csv', reason: 'y' });
  });
});
