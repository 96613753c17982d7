import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { datasetFactsCache } from './dataset-facts.ts';

const facts = { rows: 3, columns: [{ name: 'id', type: 'integer' }] };

describe('datasetFactsCache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'segflow-facts-'));
  const file = join(dir, 'dataset-facts.json');
  afterEach(() => rmSync(file, { force: true }));

  it('answers for the same file version only, after a restart too', () => {
    datasetFactsCache(file).set('people.csv', '10:1', facts);
    const again = datasetFactsCache(file);
    expect(again.get('people.csv', '10:1')).toEqual(facts);
    expect(again.get('people.csv', '11:1')).toBeUndefined();
    expect(again.get('other.csv', '10:1')).toBeUndefined();
  });

  it('starts empty from a damaged or foreign file', () => {
    for (const text of ['{"version":1,"datasets":{"a.csv":{"fingerprint":"1:1","facts":{"rows":"many"}}}}', 'not json', '[]']) {
      writeFileSync(file, text);
      expect(datasetFactsCache(file).get('a.csv', '1:1')).toBeUndefined();
    }
  });

  it('reads a cache from before the last days were kept as none, so each file is read again once', () => {
    writeFileSync(file, JSON.stringify({ version: 1, datasets: { 'a.csv': { fingerprint: '1:1', facts } } }));
    expect(datasetFactsCache(file).get('a.csv', '1:1')).toBeUndefined();
    const withLatest = { ...facts, latest: { order_date: '2025-12-31' } };
    datasetFactsCache(file).set('a.csv', '1:1', withLatest);
    expect(datasetFactsCache(file).get('a.csv', '1:1')).toEqual(withLatest);
  });

  it('forgets files that are gone', () => {
    const cache = datasetFactsCache(file);
    cache.set('kept.csv', '1:1', facts);
    cache.set('gone.csv', '1:1', facts);
    cache.keepOnly(['kept.csv']);
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')).datasets)).toEqual(['kept.csv']);
  });
});
