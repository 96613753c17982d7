import type { NodeRole } from '@segflow/engine';

/** How each role is named and coloured; the only place role colours are chosen. */
export const ROLE_STYLE: Record<NodeRole, { title: string; color: string }> = {
  ingestion: { title: 'Data', color: 'var(--role-ingestion)' },
  rule: { title: 'Rules', color: 'var(--role-rule)' },
  enrichment: { title: 'Enrich', color: 'var(--role-enrichment)' },
  combine: { title: 'Combine', color: 'var(--role-combine)' },
  output: { title: 'Output', color: 'var(--role-output)' },
};
