import { queryOptions } from '@tanstack/react-query';
import { request, seg } from './http.ts';

/** A personal API token as listed: the secret itself is only ever in the answer that created it. */
export interface ApiToken {
  id: string;
  name: string;
  /** The secret's last characters, to tell tokens apart. */
  hint: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

export interface NewToken {
  name: string;
  /** No expiry when left out. */
  expiresInDays?: number;
}

export const tokenKeys = { mine: ['tokens', 'mine'] as const };

export async function listTokens(signal?: AbortSignal): Promise<ApiToken[]> {
  return (await request<{ tokens: ApiToken[] }>('/api/tokens', { signal })).tokens;
}

export const tokenListQuery = () => queryOptions({ queryKey: tokenKeys.mine, queryFn: ({ signal }) => listTokens(signal) });

/** Creates a token; `secret` is shown once and cannot be fetched again. */
export const createToken = (input: NewToken) => request<{ token: ApiToken; secret: string }>('/api/tokens', { json: input });

export const revokeToken = (id: string) => request<void>(`/api/tokens/${seg(id)}`, { method: 'DELETE' });
