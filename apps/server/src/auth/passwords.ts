import { randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * scrypt at OWASP's "N=2^16, r=8, p=2" (64 MiB, about half a second on a small
 * machine). The parameters are stored with each hash, so they can be raised later
 * without locking anyone out.
 */
const COST = { N: 2 ** 16, r: 8, p: 2 } as const;
const KEY_LENGTH = 32;

type Cost = { N: number; r: number; p: number };
const options = (cost: Cost): ScryptOptions => ({ ...cost, maxmem: 256 * cost.N * cost.r });

function derive(password: string, salt: Buffer, cost: Cost, length: number): Promise<Buffer> {
  return new Promise((ok, fail) => scrypt(password.normalize('NFKC'), salt, length, options(cost), (err, key) => (err ? fail(err) : ok(key))));
}

const format = (salt: Buffer, key: Buffer) => ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');

/**
 * A self-describing hash: `scrypt$N$r$p$salt$key` (base64url).
 * @example
 *   const stored = await hashPassword('correct horse'); // 'scrypt$65536$8$2$…$…'
 *   await verifyPassword('correct horse', stored);      // true
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  return format(salt, await derive(password, salt, COST, KEY_LENGTH));
}

/** For start-up only (the admin from the environment), where blocking half a second before listening is fine. */
export function hashPasswordSync(password: string): string {
  const salt = randomBytes(16);
  return format(salt, scryptSync(password.normalize('NFKC'), salt, KEY_LENGTH, options(COST)));
}

/** Constant-time comparison; a malformed stored hash verifies nothing. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  const sane = cost.N > 1 && cost.N <= 2 ** 20 && cost.r > 0 && cost.r <= 32 && cost.p > 0 && cost.p <= 16;
  if (scheme !== 'scrypt' || !salt || !key || !sane) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), cost, expected.length);
  return timingSafeEqual(actual, expected);
}

let decoy: Promise<string> | undefined;
/**
 * Spends the time of a real check when there is no user to check against, so
 * response times do not tell which emails have accounts.
 */
export async function verifyNothing(password: string): Promise<false> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(password, await decoy);
  return false;
}
