import { queryOptions } from '@tanstack/react-query';
import { request, seg } from './http.ts';

/** Database connections (postgres:// URLs) and secrets (header values) that documents name. */
export type CredentialKind = 'connection' | 'secret';

/** A stored credential as listed: its value is never sent back, not even to an admin. */
export interface StoredCredential {
  name: string;
  createdAt: string;
  createdBy: string | null;
}

const path = (kind: CredentialKind) => (kind === 'connection' ? '/api/connections' : '/api/secrets');

export const credentialKeys = { list: (kind: CredentialKind) => ['credentials', kind] as const };

export const credentialListQuery = (kind: CredentialKind) =>
  queryOptions({
    queryKey: credentialKeys.list(kind),
    queryFn: async ({ signal }) => {
      const body = await request<{ connections?: StoredCredential[]; secrets?: StoredCredential[] }>(path(kind), { signal });
      return (kind === 'connection' ? body.connections : body.secrets) ?? [];
    },
  });

/** Stores a value under a name; a connection's value is its URL. */
export const createCredential = (kind: CredentialKind, name: string, value: string) =>
  request<StoredCredential>(path(kind), { json: kind === 'connection' ? { name, url: value } : { name, value } });

export const deleteCredential = (kind: CredentialKind, name: string) => request<void>(`${path(kind)}/${seg(name)}`, { method: 'DELETE' });
