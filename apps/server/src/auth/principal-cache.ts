import type { ChangeCounter } from '../store/change-counter.ts';

/** How long a verified credential is taken on trust while nothing in the file changes. */
export const TRUST_MS = 1000;
const MAX_ENTRIES = 1000;

/**
 * Credentials verified a moment ago, by their secret's hash: a site calling
 * evaluate thousands of times a second with one token does not look the token
 * and its user up on every call. An entry holds only while the SQLite file is
 * unchanged (revoking a token or session, changing a role or removing a user
 * is a write, so the very next request reads again), for at most TRUST_MS,
 * and never past the credential's own expiry.
 */
export function principalCache<P>(changes: ChangeCounter, now: () => number = Date.now) {
  const entries = new Map<string, { mark: string; until: number; principal: P }>();
  return {
    /**
     * The principal remembered for `key`, or else `read` from the file and
     * remembered. The mark is taken before reading: a revocation committed by
     * another process while reading leaves an older mark, not a stale principal under the new one.
     */
    get(key: string, read: () => { principal: P; expiresAt?: number } | undefined): P | undefined {
      const mark = changes();
      const entry = entries.get(key);
      if (entry && entry.until > now() && entry.mark === mark) return entry.principal;
      entries.delete(key);
      const found = read();
      if (!found) return undefined;
      if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
      entries.set(key, { mark, until: Math.min(now() + TRUST_MS, found.expiresAt ?? Infinity), principal: found.principal });
      return found.principal;
    },
  };
}
