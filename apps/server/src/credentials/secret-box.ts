import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Encrypts credentials at rest; `context` (kind and name) is authenticated, so a value cannot be moved to another row. */
export interface SecretBox {
  seal(plain: string, context: string): Buffer;
  open(sealed: Buffer, context: string): string;
}

const FORMAT = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM with a fresh 96-bit IV per value, stored as
 * `format byte | IV | tag | ciphertext`.
 * @example
 *   const box = secretBox(randomBytes(32));
 *   box.open(box.seal('pw', 'connection:crm'), 'connection:crm') // 'pw'
 */
export function secretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('The secret key must be 32 bytes.');
  return {
    seal(plain, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from([FORMAT]), iv, cipher.getAuthTag(), body]);
    },
    open(sealed, context) {
      if (sealed[0] !== FORMAT) throw new Error('A stored credential is in an unknown format.');
      const iv = sealed.subarray(1, 1 + IV_BYTES);
      const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    },
  };
}

/** SEGFLOW_SECRET_KEY as base64 or hex of 32 bytes; anything else stops the start rather than encrypting with a weak key. */
function keyFromText(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new Error('SEGFLOW_SECRET_KEY must be 32 random bytes, in base64 or hex (e.g. `openssl rand -base64 32`).');
  return key;
}

/**
 * The key that encrypts stored credentials: SEGFLOW_SECRET_KEY when set, else
 * `secret.key` in the data folder, made on first start (random, mode 0600).
 * Keep the key apart from backups of the data folder to keep the credentials apart too.
 */
export function loadSecretKey(dataDir: string, text: string | undefined): Buffer {
  if (text) return keyFromText(text);
  const path = join(dataDir, 'secret.key');
  try {
    return keyFromText(readFileSync(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`${path}: ${(error as Error).message}`);
  }
  const key = randomBytes(32);
  writeFileSync(path, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return key;
}
