import { createContext, useContext } from 'react';
import type { Me } from '../api/auth.queries.ts';
import { can } from './permissions.ts';

const AuthContext = createContext<Me | null>(null);
export const AuthProvider = AuthContext.Provider;

/** The signed-in user; null outside the gate (tests, or nobody signed in). */
export const useMe = () => useContext(AuthContext);

/**
 * Whether the user's role allows an API route, so the UI hides what it would
 * refuse. The server enforces it regardless. Without a session (tests) nothing is hidden.
 *
 * @example useCan('POST /api/workflows/:id/publish')
 */
export function useCan(routeKey: string): boolean {
  return can(useMe(), routeKey);
}
