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
    get(key: string): P | undefined {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.until > now() && entry.mark === changes()) return entry.principal;
      entries.delete(key);
      return undefined;
    },
    /** Remembers a principal just read from the file, until `expiresAt` (ms) at the latest. */
    set(key: string, principal: P, expiresAt = Infinity): void {
      if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
      entries.set(key, { mark: changes(), until: Math.min(now() + TRUST_MS, expiresAt), principal });
    },
  };
}
