import { queryOptions } from '@tanstack/react-query';
import { storedCredentialSchema, type StoredCredentialView } from '@segflow/contract';
import { z } from 'zod';
import { request, seg } from './http.ts';

/** Database connections (postgres:// URLs) and secrets (header values) that documents name. */
export type CredentialKind = 'connection' | 'secret';

/** A stored credential as listed: its value is never sent back, not even to an admin. */
export type StoredCredential = StoredCredentialView;

const connectionList = z.object({ connections: z.array(storedCredentialSchema) });
const secretList = z.object({ secrets: z.array(storedCredentialSchema) });

const path = (kind: CredentialKind) => (kind === 'connection' ? '/api/connections' : '/api/secrets');

export const credentialKeys = { list: (kind: CredentialKind) => ['credentials', kind] as const };

export const credentialListQuery = (kind: CredentialKind) =>
  queryOptions({
    queryKey: credentialKeys.list(kind),
    queryFn: async ({ signal }) => {
      if (kind === 'connection') return (await request(path(kind), connectionList, { signal })).connections;
      return (await request(path(kind), secretList, { signal })).secrets;
    },
  });

/** Stores a value under a name; a connection's value is its URL. */
export const createCredential = (kind: CredentialKind, name: string, value: string) =>
  request(path(kind), storedCredentialSchema, { json: kind === 'connection' ? { name, url: value } : { name, value } });

export const deleteCredential = (kind: CredentialKind, name: string) => request(`${path(kind)}/${seg(name)}`, null, { method: 'DELETE' });
