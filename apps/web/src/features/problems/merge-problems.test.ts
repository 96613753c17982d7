import { error, warning } from '@segflow/engine';
import { describe, expect, it } from 'vitest';
import { mergeProblems, problemsByNode } from './merge-problems.ts';

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
