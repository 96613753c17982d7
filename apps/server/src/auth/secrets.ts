import { createHash, randomBytes } from 'node:crypto';

/**
 * Session ids and API tokens: 256 random bits with a prefix that says what they
 * are (`sfs_` session, `sft_` token), so a leaked one is recognisable in logs and
 * secret scanners. Only their SHA-256 is stored; with this much entropy a slow
 * hash adds nothing.
 */
export const newSecret = (prefix: 'sfs' | 'sft' | 'setup') => `${prefix}_${randomBytes(32).toString('base64url')}`;

export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');
