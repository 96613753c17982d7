import type { CredentialResolver } from '@segflow/engine/node';
import type { SecretBox } from '../credentials/secret-box.ts';
import type { Sqlite } from './database.ts';
import { nowIso } from './database.ts';

/** Connections are database URLs a postgres destination names; secrets are values a webhook header names. */
export type CredentialKind = 'connection' | 'secret';

/** A credential as it is listed: its value is never shown again after it is saved. */
export interface StoredCredential {
  name: string;
  createdAt: string;
  createdBy: string | null;
}

interface Row {
  kind: CredentialKind;
  name: string;
  value: Buffer;
  created_at: string;
  created_by: string | null;
}

const context = (kind: CredentialKind, name: string) => `${kind}:${name}`;

/** Named credentials, encrypted with `box` before they reach the SQLite file. */
export function credentialStore(db: Sqlite, box: SecretBox) {
  const q = {
    list: db.prepare<[CredentialKind], Row>('SELECT * FROM credentials WHERE kind = ? ORDER BY name'),
    get: db.prepare<[CredentialKind, string], Row>('SELECT * FROM credentials WHERE kind = ? AND name = ?'),
    insert: db.prepare('INSERT INTO credentials (kind, name, value, created_at, created_by) VALUES (@kind, @name, @value, @now, @createdBy) ON CONFLICT DO NOTHING'),
    remove: db.prepare('DELETE FROM credentials WHERE kind = ? AND name = ?'),
  };
  const listed = (r: Row): StoredCredential => ({ name: r.name, createdAt: r.created_at, createdBy: r.created_by });
  const value = (kind: CredentialKind, name: string): string | undefined => {
    const row = q.get.get(kind, name);
    return row ? box.open(row.value, context(kind, name)) : undefined;
  };
  return {
    list: (kind: CredentialKind) => q.list.all(kind).map(listed),
    get(kind: CredentialKind, name: string): StoredCredential | undefined {
      const row = q.get.get(kind, name);
      return row ? listed(row) : undefined;
    },
    /** False when the name is taken: values are replaced by deleting and adding, on purpose. */
    create(kind: CredentialKind, name: string, plain: string, createdBy: string | null): boolean {
      return q.insert.run({ kind, name, value: box.seal(plain, context(kind, name)), now: nowIso(), createdBy }).changes > 0;
    },
    remove: (kind: CredentialKind, name: string) => q.remove.run(kind, name).changes > 0,
    /** What runs deliver with: names read when a delivery starts, so a replaced value applies to the next run. */
    resolver: (): CredentialResolver => ({ connection: (name) => value('connection', name), secret: (name) => value('secret', name) }),
  };
}

export type CredentialStore = ReturnType<typeof credentialStore>;
