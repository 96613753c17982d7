import type { Sqlite } from './database.ts';
import { nowIso } from './database.ts';
import { newId } from './ids.ts';

/** A personal API token as it is listed: its secret is shown once, at creation, and never stored. */
export interface ApiToken {
  id: string;
  userId: string;
  name: string;
  /** The secret's last characters, to tell tokens apart. */
  hint: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

interface Row {
  id: string;
  user_id: string;
  name: string;
  secret_hash: string;
  hint: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
}

const tokenOf = (r: Row): ApiToken => ({
  id: r.id, userId: r.user_id, name: r.name, hint: r.hint, createdAt: r.created_at, expiresAt: r.expires_at, lastUsedAt: r.last_used_at,
});

const TOUCH_EVERY_MS = 60_000;

export function tokenStore(db: Sqlite) {
  const q = {
    insert: db.prepare(
      'INSERT INTO api_tokens (id, user_id, name, secret_hash, hint, created_at, expires_at) VALUES (@id, @userId, @name, @secretHash, @hint, @now, @expiresAt)',
    ),
    get: db.prepare<[string], Row>('SELECT * FROM api_tokens WHERE id = ?'),
    bySecret: db.prepare<[string], Row>('SELECT * FROM api_tokens WHERE secret_hash = ?'),
    ofUser: db.prepare<[string], Row>('SELECT * FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC, rowid DESC'),
    touch: db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?'),
    remove: db.prepare('DELETE FROM api_tokens WHERE id = ?'),
    removeOfUser: db.prepare('DELETE FROM api_tokens WHERE user_id = ?'),
  };
  const get = (id: string) => {
    const row = q.get.get(id);
    return row ? tokenOf(row) : undefined;
  };
  return {
    get,
    create(input: { userId: string; name: string; secretHash: string; hint: string; expiresAt: string | null }): ApiToken {
      const id = newId('tok');
      q.insert.run({ ...input, id, now: nowIso() });
      return get(id)!;
    },
    /** The token a secret's hash names, if it has not expired. */
    find(secretHash: string): ApiToken | undefined {
      const row = q.bySecret.get(secretHash);
      if (!row || (row.expires_at && Date.parse(row.expires_at) <= Date.now())) return undefined;
      if (!row.last_used_at || Date.now() - Date.parse(row.last_used_at) > TOUCH_EVERY_MS) q.touch.run(nowIso(), row.id);
      return tokenOf(row);
    },
    ofUser: (userId: string) => q.ofUser.all(userId).map(tokenOf),
    revoke: (id: string) => q.remove.run(id).changes > 0,
    /** Every token of a user; the number revoked. */
    revokeAllOf: (userId: string) => q.removeOfUser.run(userId).changes,
  };
}

export type TokenStore = ReturnType<typeof tokenStore>;
