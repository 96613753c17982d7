import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations.ts';
import { openStore } from './database.ts';

describe('the migration that adds the evaluator role', () => {
  it('keeps every account with its sessions and tokens, and then accepts evaluators', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'segflow-migrate-')), 'segflow.db');
    const old = new Database(file);
    old.pragma('foreign_keys = ON');
    for (const m of MIGRATIONS.slice(0, -1)) old.exec(m);
    old.pragma(`user_version = ${MIGRATIONS.length - 1}`);
    old.prepare("INSERT INTO users VALUES ('u1', 'a@b.c', 'h', 'editor', 't', 't')").run();
    old.prepare("INSERT INTO sessions VALUES ('s1', 'u1', 't', 't')").run();
    old.close();

    const db = openStore(file);
    expect(db.prepare('SELECT id, role FROM users').all()).toEqual([{ id: 'u1', role: 'editor' }]);
    expect(db.prepare('SELECT user_id FROM sessions').all()).toEqual([{ user_id: 'u1' }]);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.prepare("INSERT INTO users VALUES ('u2', 'e@b.c', 'h', 'evaluator', 't', 't')").run();
    expect(() => db.prepare("INSERT INTO users VALUES ('u3', 'x@b.c', 'h', 'nobody', 't', 't')").run()).toThrow();
    // Foreign keys still act: deleting the account ends its sessions.
    db.prepare("DELETE FROM users WHERE id = 'u1'").run();
    expect(db.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual({ n: 0 });
    db.close();
  });
});
