import type { Role } from '../auth/roles.ts';
import type { Sqlite } from './database.ts';
import { nowIso } from './database.ts';
import { newId } from './ids.ts';

/** An account as everything outside this file sees it: never with its password hash. */
export interface User {
  id: string;
  email: string;
  role: Role;
  createdAt: string;
  updatedAt: string;
}

interface Row {
  id: string;
  email: string;
  password_hash: string;
  role: Role;
  created_at: string;
  updated_at: string;
}

const userOf = (r: Row): User => ({ id: r.id, email: r.email, role: r.role, createdAt: r.created_at, updatedAt: r.updated_at });

export type UserChange = { email?: string; passwordHash?: string; role?: Role };

export function userStore(db: Sqlite) {
  const q = {
    list: db.prepare<[], Row>('SELECT * FROM users ORDER BY created_at, rowid'),
    get: db.prepare<[string], Row>('SELECT * FROM users WHERE id = ?'),
    byEmail: db.prepare<[string], Row>('SELECT * FROM users WHERE email = ?'),
    count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM users'),
    admins: db.prepare<[], { n: number }>("SELECT count(*) AS n FROM users WHERE role = 'admin'"),
    insert: db.prepare('INSERT INTO users (id, email, password_hash, role, created_at, updated_at) VALUES (@id, @email, @passwordHash, @role, @now, @now)'),
    update: db.prepare(
      `UPDATE users SET email = coalesce(@email, email), password_hash = coalesce(@passwordHash, password_hash),
       role = coalesce(@role, role), updated_at = @now WHERE id = @id`,
    ),
    remove: db.prepare('DELETE FROM users WHERE id = ?'),
  };
  const get = (id: string) => {
    const row = q.get.get(id);
    return row ? userOf(row) : undefined;
  };
  const admins = () => q.admins.get()!.n;

  return {
    list: () => q.list.all().map(userOf),
    get,
    byEmail: (email: string) => {
      const row = q.byEmail.get(email);
      return row ? userOf(row) : undefined;
    },
    /** The one place the hash leaves the store: for checking a password at sign-in. */
    credentials: (email: string) => {
      const row = q.byEmail.get(email);
      return row ? { user: userOf(row), passwordHash: row.password_hash } : undefined;
    },
    passwordHash: (id: string) => q.get.get(id)?.password_hash,
    count: () => q.count.get()!.n,
    /** Undefined when the email is taken (emails compare without case). */
    create(input: { email: string; passwordHash: string; role: Role }): User | undefined {
      if (q.byEmail.get(input.email)) return undefined;
      const id = newId('usr');
      q.insert.run({ ...input, id, now: nowIso() });
      return get(id);
    },
    /** Creates the user only while there is none: first-start setup, safe against two at once. */
    createFirst: db.transaction((input: { email: string; passwordHash: string; role: Role }): User | undefined => {
      if (q.count.get()!.n > 0) return undefined;
      const id = newId('usr');
      q.insert.run({ ...input, id, now: nowIso() });
      return get(id);
    }),
    /**
     * Applies a change unless it would leave no admin: `{ok: false, reason}` then,
     * or when the new email belongs to someone else.
     */
    update: db.transaction((id: string, change: UserChange): { ok: true; user: User; before: User } | { ok: false; reason: 'not_found' | 'last_admin' | 'email_taken' } => {
      const before = get(id);
      if (!before) return { ok: false, reason: 'not_found' };
      if (before.role === 'admin' && change.role && change.role !== 'admin' && admins() <= 1) return { ok: false, reason: 'last_admin' };
      const owner = change.email ? q.byEmail.get(change.email) : undefined;
      if (owner && owner.id !== id) return { ok: false, reason: 'email_taken' };
      q.update.run({ id, email: change.email ?? null, passwordHash: change.passwordHash ?? null, role: change.role ?? null, now: nowIso() });
      return { ok: true, user: get(id)!, before };
    }),
    /** Deleting a user ends their sessions and tokens (foreign keys cascade); the last admin stays. */
    remove: db.transaction((id: string): { ok: true; user: User } | { ok: false; reason: 'not_found' | 'last_admin' } => {
      const user = get(id);
      if (!user) return { ok: false, reason: 'not_found' };
      if (user.role === 'admin' && admins() <= 1) return { ok: false, reason: 'last_admin' };
      q.remove.run(id);
      return { ok: true, user };
    }),
  };
}

export type UserStore = ReturnType<typeof userStore>;
