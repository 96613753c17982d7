import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.ts';

export type Sqlite = Database.Database;

/**
 * Opens the server's SQLite file and brings its schema up to date. WAL lets the
 * SSE readers replay while a run appends; foreign keys make deleting a workflow
 * delete its versions, runs and events.
 */
export function openStore(file: string): Sqlite {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

export function migrate(db: Sqlite): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current >= MIGRATIONS.length) return;
  // SQLite's way to rebuild a table others reference: foreign keys off (outside any transaction),
  // rebuild, check, on again. With them on, dropping the old table would cascade to its rows' references.
  const enforced = db.pragma('foreign_keys', { simple: true }) === 1;
  db.pragma('foreign_keys = OFF');
  try {
    for (let i = current; i < MIGRATIONS.length; i++) {
      db.transaction(() => {
        db.exec(MIGRATIONS[i]);
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length) throw new Error(`migration ${i + 1} left ${broken.length} broken references`);
        db.pragma(`user_version = ${i + 1}`);
      })();
    }
  } finally {
    if (enforced) db.pragma('foreign_keys = ON');
  }
}

/** Small facts about the data directory itself (e.g. whether the demo was seeded). */
export function metaStore(db: Sqlite) {
  const get = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
  const set = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  return {
    get: (key: string) => get.get(key)?.value,
    set: (key: string, value: string) => void set.run(key, value),
  };
}

export const nowIso = () => new Date().toISOString();
