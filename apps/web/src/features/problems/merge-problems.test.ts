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
