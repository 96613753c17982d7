import { error, warning } from '@segflow/engine';
import { describe, expect, it } from 'vitest';
import { mergeProblems, problemsByNode, sizeProblems } from './merge-problems.ts';

describe('mergeProblems', () => {
  it('keeps the browser’s problems, adds only new server ones, errors first', () => {
    const browser = [warning('no_output', 'Nothing is delivered.'), error('cycle', 'loop', { nodeId: 'a' })];
    const server = [error('cycle', 'loop', { nodeId: 'a' }), error('unreadable_source', 'cannot read', { nodeId: 's' })];
    const merged = mergeProblems(browser, server);
    expect(merged.map((p) => [p.code, p.from])).toEqual([
      ['cycle', 'browser'],
      ['unreadable_source', 'server'],
      ['no_output', 'browser'],
    ]);
    expect(problemsByNode(merged).get('a')).toHaveLength(1);
  });
});

describe('data warnings of a live count', () => {
  it('shows repeated keys on the source while editing, even before the server\'s check answers', async () => {
    const { dataProblems, serverSide } = await import('./merge-problems.ts');
    const count = [warning('duplicate_key', '3 rows repeat a "id" seen before', { nodeId: 's' }), error('node_failed', 'boom', { nodeId: 'f' }), warning('missing_key', '1 row has no "id"', { nodeId: 's' })];
    const data = dataProblems(count);
    expect(data.map((p) => p.code)).toEqual(['duplicate_key', 'missing_key']);
    const merged = mergeProblems([], serverSide(undefined, data));
    expect(problemsByNode(merged).get('s')?.map((p) => [p.code, p.from])).toEqual([['duplicate_key', 'server'], ['missing_key', 'server']]);
    expect(serverSide(undefined, [])).toBeUndefined();
    expect(serverSide([], undefined)).toEqual([]);
  });
});

describe('sizeProblems', () => {
  const output = (id: string, expect?: Record<string, unknown>) => ({ id, kind: 'output', config: { segment: id, destination: { type: 'csv', path: `${id}.csv` }, ...(expect ? { expect } : {}) } });
  it('warns of an output whose exact count is outside its expected size, saying what a run would do', () => {
    const nodes = [output('big', { min: 100, max: 5000, enforce: true }), output('small', { min: 100 }), output('fine', { max: 10 }), output('free'), { id: 'f', kind: 'filter', config: {} }];
    const counts = { big: { rows: 8996, exact: true }, small: { rows: 12, exact: true }, fine: { rows: 10, exact: true }, free: { rows: 1e6, exact: true }, f: { rows: 1, exact: true } };
    expect(sizeProblems(nodes, counts)).toEqual([
      { severity: 'warning', code: 'segment_size', nodeId: 'big', message: 'This segment has 8,996 customers now, outside the expected 100–5,000: a run would fail at this step and deliver nothing.' },
      { severity: 'warning', code: 'segment_size', nodeId: 'small', message: 'This segment has 12 customers now, under the expected minimum of 100: a run would deliver it with a warning.' },
    ]);
  });

  it('says nothing of an estimate, or before counts arrive', () => {
    const nodes = [output('big', { max: 5000 })];
    expect(sizeProblems(nodes, { big: { rows: 9000, exact: false } })).toEqual([]);
    expect(sizeProblems(nodes, undefined)).toEqual([]);
  });
});
