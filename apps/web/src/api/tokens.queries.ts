import { queryOptions } from '@tanstack/react-query';
import { apiTokenSchema, type ApiTokenView } from '@segflow/contract';
import { z } from 'zod';
import { request, seg } from './http.ts';

/** A personal API token as listed: the secret itself is only ever in the answer that created it. */
export type ApiToken = ApiTokenView;

export interface NewToken {
  name: string;
  /** No expiry when left out. */
  expiresInDays?: number;
}

export const tokenKeys = { mine: ['tokens', 'mine'] as const };

export async function listTokens(signal?: AbortSignal): Promise<ApiToken[]> {
  return (await request('/api/tokens', z.object({ tokens: z.array(apiTokenSchema) }), { signal })).tokens;
}

export const tokenListQuery = () => queryOptions({ queryKey: tokenKeys.mine, queryFn: ({ signal }) => listTokens(signal) });

/** Creates a token; `secret` is shown once and cannot be fetched again. */
export const createToken = (input: NewToken) => request('/api/tokens', z.object({ token: apiTokenSchema, secret: z.string() }), { json: input });

export const revokeToken = (id: string) => request(`/api/tokens/${seg(id)}`, null, { method: 'DELETE' });
