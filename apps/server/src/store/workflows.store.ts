import type { Workflow as WorkflowDocument } from '@segflow/engine';
import type { Sqlite } from './database.ts';
import { nowIso } from './database.ts';
import { newId } from './ids.ts';
import { documentText, withDocument } from './stored-document.ts';

export interface Workflow {
  id: string;
  name: string;
  /**
   * The draft, problems and all (only publishing insists on a valid one), as
   * the engine reads it: it is parsed before it is stored. Reading it throws
   * UnreadableDocument for an old row that no longer parses.
   */
  document: WorkflowDocument;
  /** Increments on every change to the draft; a write naming an older one is refused. */
  revision: number;
  publishedVersion: number | null;
  createdAt: string;
  updatedAt: string;
}

export type WorkflowSummary = Omit<Workflow, 'document'>;

interface Row {
  id: string;
  name: string;
  document: string;
  revision: number;
  published_version: number | null;
  created_at: string;
  updated_at: string;
}

const summaryOf = (r: Omit<Row, 'document'>): WorkflowSummary => ({
  id: r.id, name: r.name, revision: r.revision, publishedVersion: r.published_version, createdAt: r.created_at, updatedAt: r.updated_at,
});
const workflowOf = (r: Row): Workflow => withDocument(summaryOf(r), r.document);

export type UpdateResult = { ok: true; workflow: Workflow } | { ok: false; current?: Workflow };

export function workflowStore(db: Sqlite) {
  const q = {
    list: db.prepare<[], Omit<Row, 'document'>>('SELECT id, name, revision, published_version, created_at, updated_at FROM workflows ORDER BY updated_at DESC, rowid DESC'),
    get: db.prepare<[string], Row>('SELECT * FROM workflows WHERE id = ?'),
    publishedVersion: db.prepare<[string], { published_version: number | null }>('SELECT published_version FROM workflows WHERE id = ?'),
    all: db.prepare<[], Row>('SELECT * FROM workflows'),
    insert: db.prepare('INSERT INTO workflows (id, name, document, revision, created_at, updated_at) VALUES (@id, @name, @document, 1, @now, @now)'),
    update: db.prepare(
      'UPDATE workflows SET name = @name, document = @document, revision = revision + 1, updated_at = @now WHERE id = @id AND revision = @revision',
    ),
    remove: db.prepare('DELETE FROM workflows WHERE id = ?'),
    published: db.prepare('UPDATE workflows SET published_version = ?, updated_at = ? WHERE id = ?'),
  };

  const get = (id: string) => {
    const row = q.get.get(id);
    return row ? workflowOf(row) : undefined;
  };

  return {
    list: () => q.list.all().map(summaryOf),
    get,
    /** The published version's number (null before any), undefined for no such workflow: without reading or parsing the document. */
    publishedVersion: (id: string): number | null | undefined => q.publishedVersion.get(id)?.published_version,
    all: () => q.all.all().map(workflowOf),
    create(input: { name: string; document: WorkflowDocument }): Workflow {
      const id = newId('wf');
      q.insert.run({ id, name: input.name, document: documentText(input.document), now: nowIso() });
      return get(id)!;
    },
    /** Compare-and-set on `revision`: a stale writer gets the current workflow back, so nothing is lost. */
    update(id: string, change: { name?: string; document?: WorkflowDocument }, revision: number): UpdateResult {
      const row = q.get.get(id);
      if (!row) return { ok: false };
      // A rename keeps the stored text as it is, so an unreadable old draft can still be renamed.
      const { changes } = q.update.run({
        id, revision, now: nowIso(),
        name: change.name ?? row.name,
        document: change.document === undefined ? row.document : documentText(change.document),
      });
      return changes ? { ok: true, workflow: get(id)! } : { ok: false, current: get(id) };
    },
    remove: (id: string) => q.remove.run(id).changes > 0,
    setPublished: (id: string, n: number) => void q.published.run(n, nowIso(), id),
  };
}

export type WorkflowStore = ReturnType<typeof workflowStore>;
