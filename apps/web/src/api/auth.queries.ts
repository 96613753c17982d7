import { queryOptions } from '@tanstack/react-query';
import { whoAmISchema, type WhoAmI } from '@segflow/contract';
import { z } from 'zod';
import { isApiError, request } from './http.ts';

export type { Role } from '@segflow/contract';

/** Who is signed in; `permissions` are the route keys this user may call, e.g. "POST /api/workflows/:id/publish". */
export type Me = WhoAmI;

export const authKeys = { me: ['auth', 'me'] as const };

/** Who is signed in; null when nobody is (the server says 401). */
export async function getMe(signal?: AbortSignal): Promise<Me | null> {
  try {
    return await request('/api/auth/me', whoAmISchema, { signal });
  } catch (e) {
    if (isApiError(e) && e.status === 401) return null;
    throw e;
  }
}

export const meQuery = () => queryOptions({ queryKey: authKeys.me, queryFn: ({ signal }) => getMe(signal), staleTime: 60_000, retry: false });

export const signIn = (email: string, password: string) => request('/api/auth/login', whoAmISchema, { json: { email, password } });

export const signOut = () => request('/api/auth/logout', null, { method: 'POST', json: {} });

export const setupNeeded = async () => (await request('/api/auth/setup', z.object({ needed: z.boolean() }))).needed;

export const setUp = (token: string, email: string, password: string) => request('/api/auth/setup', whoAmISchema, { json: { token, email, password } });
