import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { changeCounter } from './change-counter.ts';
import { openStore } from './database.ts';

describe('changeCounter', () => {
  const dir = mkdtempSync(join(tmpdir(), 'segflow-changes-'));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('changes at once after a write by this connection, after another’s once the running code yields, not after reads', async () => {
    const file = join(dir, 'meta.sqlite');
    const db = openStore(file);
    const other = openStore(file);
    const mark = changeCounter(db);
    const first = mark();
    db.prepare('SELECT * FROM meta').all();
    expect(mark()).toBe(first);
    db.prepare("INSERT INTO meta (key, value) VALUES ('a', '1')").run();
    const afterOwn = mark();
    expect(afterOwn).not.toBe(first);
    other.prepare("INSERT INTO meta (key, value) VALUES ('b', '1')").run();
    expect(mark()).toBe(afterOwn);
    await Promise.resolve();
    expect(mark()).not.toBe(afterOwn);
    db.close();
    other.close();
  });
});
