import { randomBytes } from 'node:crypto';

/** Short random ids, safe in URLs and as folder names: `wf_3kT9…`, `run_Qx2…`. */
export const newId = (prefix: 'wf' | 'run' | 'usr' | 'tok') => `${prefix}_${randomBytes(9).toString('base64url')}`;
