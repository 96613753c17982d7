import { infiniteQueryOptions } from '@tanstack/react-query';
import { auditEntrySchema, type AuditEntryView } from '@segflow/contract';
import { z } from 'zod';
import { request } from './http.ts';

/** One line of the audit log: who did what to what. The actor's email outlives the account. */
export type AuditEntry = AuditEntryView;

/** A page of entries and the cursor of the next (older) page; null at the end. */
const auditPageSchema = z.object({ entries: z.array(auditEntrySchema), next: z.number().int().nullable() });

export const AUDIT_PAGE_SIZE = 50;

export const auditKeys = { all: ['audit'] as const };

export const auditPage = (before: number | undefined, signal?: AbortSignal) =>
  request(`/api/audit?limit=${AUDIT_PAGE_SIZE}${before ? `&before=${before}` : ''}`, auditPageSchema, { signal });

/** The log newest first, a page at a time. */
export const auditLogQuery = () =>
  infiniteQueryOptions({
    queryKey: auditKeys.all,
    queryFn: ({ pageParam, signal }) => auditPage(pageParam, signal),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
  });
