import { queryOptions } from '@tanstack/react-query';
import { storedCredentialSchema, warehouseTablesSchema, type StoredCredentialView, type WarehouseTableView } from '@segflow/contract';
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

/** A table or view a source can read through a stored connection, with its columns. */
export type WarehouseTable = WarehouseTableView;

/** The tables of a stored connection, read from its catalog by the server (the URL never reaches the browser). */
export const warehouseTablesQuery = (connection: string) =>
  queryOptions({
    queryKey: ['credentials', 'connection', connection, 'tables'] as const,
    queryFn: ({ signal }) => request(`/api/connections/${seg(connection)}/tables`, warehouseTablesSchema, { signal }),
    // The catalog changes rarely while someone edits; a minute keeps the pickers and the checks from asking on every render.
    staleTime: 60_000,
    retry: false,
  });
