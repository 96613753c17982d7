import { describe, expect, it } from 'vitest';
import { readDocumentText } from './import-document.ts';

const doc = { schemaVersion: 1, name: 'x', nodes: [{ id: 'a', kind: 'source', config: {} }], edges: [] };

describe('readDocumentText', () => {
  it('reads a bare document and the wrapped forms', () => {
    expect(readDocumentText(JSON.stringify(doc))).toEqual({ ok: true, document: doc });
    expect(readDocumentText(JSON.stringify({ document: doc }))).toEqual({ ok: true, document: doc });
    expect(readDocumentText(JSON.stringify({ workflow: { id: 'w', document: doc } }))).toEqual({ ok: true, document: doc });
  });

  it('refuses what is not JSON or not a workflow, saying so', () => {
    expect(readDocumentText('{nope')).toEqual({ ok: false, message: 'the file is not JSON.' });
    expect(readDocumentText(JSON.stringify({ schemaVersion: 2, nodes: [] }))).toMatchObject({ ok: false });
  });
});
