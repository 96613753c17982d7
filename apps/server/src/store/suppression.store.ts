import type { Sqlite } from './database.ts';
import { nowIso } from './database.ts';

/** A dataset an admin marked as a suppression list: its keys are never delivered by a published output. */
export interface SuppressionList {
  dataset: string;
  /** The column holding the keys. */
  key: string;
  /** An optional column saying why (shown, never used to decide). */
  reason: string | null;
  /** An optional date column: the key is suppressed until then. */
  expires: string | null;
  createdAt: string;
  createdBy: string | null;
}

interface Row {
  dataset: string;
  key_column: string;
  reason_column: string | null;
  expires_column: string | null;
  created_at: string;
  created_by: string | null;
}

const fromRow = (r: Row): SuppressionList => ({ dataset: r.dataset, key: r.key_column, reason: r.reason_column, expires: r.expires_column, createdAt: r.created_at, createdBy: r.created_by });

/** The suppression policy: which datasets are suppression lists, and with which columns. */
export function suppressionStore(db: Sqlite) {
  const q = {
    list: db.prepare<[], Row>('SELECT * FROM suppression_lists ORDER BY dataset'),
    get: db.prepare<[string], Row>('SELECT * FROM suppression_lists WHERE dataset = ?'),
    upsert: db.prepare(
      `INSERT INTO suppression_lists (dataset, key_column, reason_column, expires_column, created_at, created_by) VALUES (@dataset, @key, @reason, @expires, @now, @createdBy)
       ON CONFLICT (dataset) DO UPDATE SET key_column = excluded.key_column, reason_column = excluded.reason_column, expires_column = excluded.expires_column`,
    ),
    remove: db.prepare('DELETE FROM suppression_lists WHERE dataset = ?'),
  };
  return {
    list: () => q.list.all().map(fromRow),
    get: (dataset: string) => {
      const row = q.get.get(dataset);
      return row ? fromRow(row) : undefined;
    },
    mark(list: { dataset: string; key: string; reason?: string | null; expires?: string | null }, createdBy: string | null): SuppressionList {
      q.upsert.run({ dataset: list.dataset, key: list.key, reason: list.reason ?? null, expires: list.expires ?? null, now: nowIso(), createdBy });
      return fromRow(q.get.get(list.dataset)!);
    },
    unmark: (dataset: string) => q.remove.run(dataset).changes > 0,
  };
}

export type SuppressionStore = ReturnType<typeof suppressionStore>;
