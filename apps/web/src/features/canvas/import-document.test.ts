import { describe, expect, it } from 'vitest';
import { readDocumentText, readJson } from './import-document.ts';

const doc = { schemaVersion: 1, name: 'x', nodes: [{ id: 'a', kind: 'source', config: {} }], edges: [] };

describe('readDocumentText', () => {
  it('reads a bare document and the wrapped forms', () => {
    expect(readDocumentText(JSON.stringify(doc))).toEqual({ ok: true, document: doc });
    expect(readDocumentText(JSON.stringify({ document: doc }))).toEqual({ ok: true, document: doc });
    expect(readDocumentText(JSON.stringify({ workflow: { id: 'w', document: doc } }))).toEqual({ ok: true, document: doc });
  });

  it('refuses what is not JSON or not a workflow, saying so', () => {
    expect(readDocumentText('{nope')).toEqual({ ok: false, message: 'the file is not a workflow exported from Segflow: it stops being JSON at line 1, column 2. Your draft is unchanged.' });
    expect(readDocumentText('{\n  "a": 1,\n  "b" 2}')).toMatchObject({ ok: false, message: expect.stringContaining('at line 3, column 7') });
    expect(readDocumentText('  ')).toEqual({ ok: false, message: 'the file is empty. Your draft is unchanged.' });
    expect(readDocumentText(JSON.stringify({ schemaVersion: 2, nodes: [] }))).toMatchObject({ ok: false });
  });

  it('never shows the parser\'s or the schema library\'s own words', () => {
    for (const text of ['{nope', '[1,', '{"schemaVersion": 1, "nodes": "x", "edges": []}', '{"schemaVersion": 1, "nodes": [{"id": "a", "kind": "filter", "config": 5}], "edges": []}', 'null']) {
      const result = readDocumentText(text);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).not.toMatch(/Unexpected|token|position|Invalid input|expected \w+, received|nodes\.\d/);
    }
  });
});

describe('readJson (the workflow list imports with it)', () => {
  it('gives the JSON, or where the file stops being JSON in words', () => {
    expect(readJson('{"a": [1]}')).toEqual({ ok: true, json: { a: [1] } });
    expect(readJson('{"a": 1,\n}')).toEqual({ ok: false, message: 'the file is not a workflow exported from Segflow: it stops being JSON at line 2, column 1' });
    expect(readJson('')).toEqual({ ok: false, message: 'the file is empty' });
  });
});
