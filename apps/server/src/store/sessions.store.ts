import type { Sqlite } from './database.ts';
import { nowIso } from './database.ts';

/** A session ends after this long unused, and after SESSION_MAX_MS whatever happens. */
export const SESSION_IDLE_MS = 7 * 24 * 3600_000;
export const SESSION_MAX_MS = 30 * 24 * 3600_000;
/** last_seen_at is written at most this often, so reading the API does not mean writing SQLite on every request. */
const TOUCH_EVERY_MS = 60_000;

export interface Session {
  secretHash: string;
  userId: string;
  createdAt: string;
  lastSeenAt: string;
}

interface Row {
  secret_hash: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
}

const isLive = (row: Row, now: number) =>
  now - Date.parse(row.last_seen_at) < SESSION_IDLE_MS && now - Date.parse(row.created_at) < SESSION_MAX_MS;

/** Server-side sessions, keyed by the hash of the cookie's secret; deleting a row ends the session at once. */
export function sessionStore(db: Sqlite) {
  const q = {
    insert: db.prepare('INSERT INTO sessions (secret_hash, user_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)'),
    get: db.prepare<[string], Row>('SELECT * FROM sessions WHERE secret_hash = ?'),
    touch: db.prepare('UPDATE sessions SET last_seen_at = ? WHERE secret_hash = ?'),
    remove: db.prepare('DELETE FROM sessions WHERE secret_hash = ?'),
    removeOfUser: db.prepare('DELETE FROM sessions WHERE user_id = ? AND secret_hash IS NOT ?'),
    removeStale: db.prepare('DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?'),
  };
  return {
    create(secretHash: string, userId: string) {
      const now = nowIso();
      q.insert.run(secretHash, userId, now, now);
    },
    /** The session if it is still live; an expired one is deleted on the way. */
    find(secretHash: string): Session | undefined {
      const row = q.get.get(secretHash);
      if (!row) return undefined;
      const now = Date.now();
      if (!isLive(row, now)) {
        q.remove.run(secretHash);
        return undefined;
      }
      if (now - Date.parse(row.last_seen_at) > TOUCH_EVERY_MS) q.touch.run(new Date(now).toISOString(), secretHash);
      return { secretHash, userId: row.user_id, createdAt: row.created_at, lastSeenAt: row.last_seen_at };
    },
    revoke: (secretHash: string) => void q.remove.run(secretHash),
    /** Ends every session of a user but `keep` (the one changing its own password stays signed in). */
    revokeAllOf: (userId: string, keep?: string) => q.removeOfUser.run(userId, keep ?? null).changes,
    removeStale() {
      const now = Date.now();
      q.removeStale.run(new Date(now - SESSION_IDLE_MS).toISOString(), new Date(now - SESSION_MAX_MS).toISOString());
    },
  };
}

export type SessionStore = ReturnType<typeof sessionStore>;
