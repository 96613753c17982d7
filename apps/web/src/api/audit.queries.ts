import { infiniteQueryOptions } from '@tanstack/react-query';
import { request } from './http.ts';

/** One line of the audit log: who did what to what. The actor's email outlives the account. */
export interface AuditEntry {
  seq: number;
  at: string;
  /** null when Segflow itself acted (the first admin, made from the environment or the setup link). */
  actor: { id: string; email: string } | null;
  /** e.g. `workflow.publish`, `user.role`, `token.revoke`. */
  action: string;
  target: string;
  details: Record<string, unknown>;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** The cursor of the next (older) page; null at the end. */
  next: number | null;
}

export const AUDIT_PAGE_SIZE = 50;

export const auditKeys = { all: ['audit'] as const };

export const auditPage = (before: number | undefined, signal?: AbortSignal) =>
  request<AuditPage>(`/api/audit?limit=${AUDIT_PAGE_SIZE}${before ? `&before=${before}` : ''}`, { signal });

/** The log newest first, a page at a time. */
export const auditLogQuery = () =>
  infiniteQueryOptions({
    queryKey: auditKeys.all,
    queryFn: ({ pageParam, signal }) => auditPage(pageParam, signal),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
  });
