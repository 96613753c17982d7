import { describe, expect, it } from 'vitest';
import { documentLimitProblems } from './document-limits.ts';

const deepArray = (levels: number) => JSON.parse('['.repeat(levels) + ']'.repeat(levels));

describe('documentLimitProblems', () => {
  it('passes a draft with problems that stays within the limits', () => {
    expect(documentLimitProblems({ nodes: [{ kind: 'nope' }], edges: 'not edges' })).toEqual([]);
    expect(documentLimitProblems('not a document')).toEqual([]);
  });

  it('refuses a document nested thousands of levels deep without overflowing the stack', () => {
    expect(documentLimitProblems({ nodes: [], extra: deepArray(100_000) })).toEqual([
      expect.objectContaining({ code: 'invalid_document', message: 'The document nests deeper than 80 levels.' }),
    ]);
  });

  it('refuses more nodes or connections than a workflow holds, in words', () => {
    const problems = documentLimitProblems({ nodes: Array.from({ length: 2001 }, () => ({})), edges: Array.from({ length: 10_001 }, () => ({})) });
    expect(problems.map((p) => p.message)).toEqual([
      'The document has 2001 nodes; a workflow holds at most 2000.',
      'The document has 10001 connections; a workflow holds at most 10000.',
    ]);
  });
});
