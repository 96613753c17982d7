import { queryOptions } from '@tanstack/react-query';
import { isApiError, request } from './http.ts';

export type Role = 'evaluator' | 'viewer' | 'editor' | 'publisher' | 'admin';

export interface Me {
  user: { id: string; email: string; role: Role };
  /** Route keys this user may call, e.g. "POST /api/workflows/:id/publish". */
  permissions: string[];
}

export const authKeys = { me: ['auth', 'me'] as const };

/** Who is signed in; null when nobody is (the server says 401). */
export async function getMe(signal?: AbortSignal): Promise<Me | null> {
  try {
    return await request<Me>('/api/auth/me', { signal });
  } catch (e) {
    if (isApiError(e) && e.status === 401) return null;
    throw e;
  }
}

export const meQuery = () => queryOptions({ queryKey: authKeys.me, queryFn: ({ signal }) => getMe(signal), staleTime: 60_000, retry: false });

export const signIn = (email: string, password: string) => request<Me>('/api/auth/login', { json: { email, password } });

export const signOut = () => request<void>('/api/auth/logout', { method: 'POST', json: {} });

export const setupNeeded = async () => (await request<{ needed: boolean }>('/api/auth/setup')).needed;

export const setUp = (token: string, email: string, password: string) => request<Me>('/api/auth/setup', { json: { token, email, password } });
