import type { Workflow } from '@segflow/engine';
import type { Sqlite } from './database.ts';
import { documentText, withDocument } from './stored-document.ts';
import { nowIso } from './database.ts';

/** An immutable published document, numbered 1, 2, … per workflow. */
export interface Version {
  workflowId: string;
  n: number;
  /** Parsed when read; throws UnreadableDocument for an old row that no longer parses. */
  document: Workflow;
  note: string;
  createdAt: string;
}

interface Row {
  workflow_id: string;
  n: number;
  document: string;
  note: string;
  created_at: string;
}

const versionOf = (r: Row): Version => withDocument({ workflowId: r.workflow_id, n: r.n, note: r.note, createdAt: r.created_at }, r.document);

export function versionStore(db: Sqlite) {
  const q = {
    list: db.prepare<[string], Row>('SELECT * FROM versions WHERE workflow_id = ? ORDER BY n DESC'),
    get: db.prepare<[string, number], Row>('SELECT * FROM versions WHERE workflow_id = ? AND n = ?'),
    all: db.prepare<[], Row>('SELECT * FROM versions'),
    next: db.prepare<[string], { n: number }>('SELECT coalesce(max(n), 0) + 1 AS n FROM versions WHERE workflow_id = ?'),
    insert: db.prepare('INSERT INTO versions (workflow_id, n, document, note, created_at) VALUES (?, ?, ?, ?, ?)'),
  };
  return {
    list: (workflowId: string) => q.list.all(workflowId).map(versionOf),
    get: (workflowId: string, n: number) => {
      const row = q.get.get(workflowId, n);
      return row ? versionOf(row) : undefined;
    },
    /** Every published document, for "is this dataset still used?". */
    all: () => q.all.all().map(versionOf),
    /** Numbering and insert in one transaction, so two publishers never get the same n. */
    create: db.transaction((workflowId: string, document: Workflow, note: string): Version => {
      const { n } = q.next.get(workflowId)!;
      q.insert.run(workflowId, n, documentText(document), note, nowIso());
      return versionOf(q.get.get(workflowId, n)!);
    }),
  };
}

export type VersionStore = ReturnType<typeof versionStore>;
