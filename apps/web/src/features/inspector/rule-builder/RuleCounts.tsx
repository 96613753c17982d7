import { formatNumber } from '../../../app/format.ts';
import type { ReactNode } from 'react';
import type { RuleCounts } from '../../../api/rule-builder.queries.ts';
import { useRuleCounts } from './rule-data.tsx';

const show = (n: number | null | undefined) => (n === null || n === undefined ? '…' : formatNumber(n));

/** "1,234 pass alone · 567 remain": the size of each top-level rule or group, on its own and in turn. */
export function RuleCountLine({ counts, index, stale }: { counts: RuleCounts | undefined; index: number; stale: boolean }) {
  const rule = counts?.rules.find((r) => r.index === index);
  return (
    <div className={`rule-counts${stale ? ' stale' : ''}`} data-testid="rule-counts" title="Customers who pass this rule on its own, and who remain after it and the rules above it">
      <span>{show(rule?.alone)} pass alone</span>
      <span aria-hidden>·</span>
      <span>{show(rule?.remaining)} remain</span>
    </div>
  );
}

export interface RuleCountsState {
  counts: RuleCounts | undefined;
  stale: boolean;
}

/** Asks once for the whole filter and hands the counts to the group that shows them. */
export function WithRuleCounts({ nodeId, children }: { nodeId: string; children: (state: RuleCountsState) => ReactNode }) {
  return children(useRuleCounts(nodeId));
}
