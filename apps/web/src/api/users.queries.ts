import { queryOptions } from '@tanstack/react-query';
import type { Role } from './auth.queries.ts';
import { request, seg } from './http.ts';

/** An account as `GET /api/users` lists it: never with a password. */
export interface User {
  id: string;
  email: string;
  role: Role;
  createdAt: string;
  updatedAt: string;
}

export interface NewUser {
  email: string;
  password: string;
  role: Role;
}

export type UserChange = Partial<NewUser>;

export const userKeys = { all: ['users'] as const };

export async function listUsers(signal?: AbortSignal): Promise<User[]> {
  return (await request<{ users: User[] }>('/api/users', { signal })).users;
}

export const userListQuery = () => queryOptions({ queryKey: userKeys.all, queryFn: ({ signal }) => listUsers(signal) });

export const createUser = (input: NewUser) => request<User>('/api/users', { json: input });

export const changeUser = (id: string, change: UserChange) => request<User>(`/api/users/${seg(id)}`, { method: 'PATCH', json: change });

export const removeUser = (id: string) => request<void>(`/api/users/${seg(id)}`, { method: 'DELETE' });
