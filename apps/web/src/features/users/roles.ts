import type { Role } from '../../api/auth.queries.ts';

/** Least to most: each role may do what the ones before it may, and more. */
export const ROLES: readonly Role[] = ['evaluator', 'viewer', 'editor', 'publisher', 'admin'];

/** What each role adds, in the words the Users page shows beside the choice. */
export const ROLE_HELP: Record<Role, string> = {
  evaluator: 'Only checks customers against published workflows, with an API token: for a website calling Segflow.',
  viewer: 'Looks at workflows, runs and segments; changes nothing.',
  editor: 'Also edits drafts, previews them and runs them.',
  publisher: 'Also publishes, restores versions and runs published versions.',
  admin: 'Also manages users and deletes datasets.',
};

/** A temporary password to hand to a new user: 18 random characters, well past the 8 the server asks for. */
export function generatePassword(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  // 57 letters: a byte below 228 (4 × 57) maps evenly; the rest are drawn again.
  const out: string[] = [];
  while (out.length < 18) for (const b of random(new Uint8Array(32))) if (b < 228 && out.length < 18) out.push(alphabet[b % alphabet.length]);
  return out.join('');
}
