import { describe, expect, it } from 'vitest';
import { hashPassword, hashPasswordSync, verifyNothing, verifyPassword } from './passwords.ts';

describe('passwords', () => {
  it('verifies the password it hashed and nothing else, with a new salt each time', async () => {
    const stored = await hashPassword('correct horse');
    expect(stored).toMatch(/^scrypt\$65536\$8\$2\$[\w-]{22}\$[\w-]{43}$/);
    expect(await verifyPassword('correct horse', stored)).toBe(true);
    expect(await verifyPassword('correct hors', stored)).toBe(false);
    expect(hashPasswordSync('correct horse')).not.toBe(stored);
    expect(await verifyPassword('correct horse', hashPasswordSync('correct horse'))).toBe(true);
  });

  it('treats differently composed Unicode as the same password', async () => {
    expect(await verifyPassword('cafe\u0301-123', await hashPassword('caf\u00e9-123'))).toBe(true);
  });

  it('verifies nothing against a malformed or absurd stored hash', async () => {
    for (const stored of ['', 'plain', 'bcrypt$1$2$3$a$b', 'scrypt$4294967296$8$1$c2FsdA$a2V5', 'scrypt$x$8$1$c2FsdA$a2V5'])
      expect(await verifyPassword('anything', stored), stored).toBe(false);
    expect(await verifyNothing('anything')).toBe(false);
  });
});
