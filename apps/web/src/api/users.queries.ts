import { queryOptions } from '@tanstack/react-query';
import { userSchema, type User } from '@segflow/contract';
import { z } from 'zod';
import type { Role } from './auth.queries.ts';
import { request, seg } from './http.ts';

/** An account as `GET /api/users` lists it: never with a password. */
export type { User };

export interface NewUser {
  email: string;
  password: string;
  role: Role;
}

export type UserChange = Partial<NewUser>;

export const userKeys = { all: ['users'] as const };

export async function listUsers(signal?: AbortSignal): Promise<User[]> {
  return (await request('/api/users', z.object({ users: z.array(userSchema) }), { signal })).users;
}

export const userListQuery = () => queryOptions({ queryKey: userKeys.all, queryFn: ({ signal }) => listUsers(signal) });

export const createUser = (input: NewUser) => request('/api/users', userSchema, { json: input });

export const changeUser = (id: string, change: UserChange) => request(`/api/users/${seg(id)}`, userSchema, { method: 'PATCH', json: change });

export const removeUser = (id: string) => request(`/api/users/${seg(id)}`, null, { method: 'DELETE' });
