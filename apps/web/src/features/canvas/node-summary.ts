import { conditionClauses, conditionRules, describePath, eventRules, isGroup, type ConditionGroup, type DescribableDocument } from '@segflow/engine';
import { operatorLabel, valueKind } from '../inspector/rule-builder/rule-logic.ts';

const short = (text: string, max = 80) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

function ruleText(rule: { field: string; operator: Parameters<typeof operatorLabel>[0]; value?: unknown }): string {
  const op = operatorLabel(rule.operator);
  switch (valueKind(rule.operator)) {
    case 'none':
      return `${rule.field} ${op}`;
    case 'days':
      return `${rule.field} ${op} ${show(rule.value)} days`;
    case 'range':
      return `${rule.field} ${op} ${Array.isArray(rule.value) ? rule.value.map(show).join('–') : show(rule.value)}`;
    case 'list':
      return `${rule.field} ${op} ${Array.isArray(rule.value) ? rule.value.map(show).join(', ') : show(rule.value)}`;
    default:
      return `${rule.field} ${rule.operator} ${show(rule.value)}`;
  }
}

function conditionText(group: ConditionGroup | undefined): string {
  if (!group || !Array.isArray(group.rules) || group.rules.length === 0) return 'everyone (no rules yet)';
  // Rules on what customers did have no column to show: they read in words ("did not purchase in the last 60 days").
  if (eventRules(group).length) {
    const clauses = conditionClauses(group);
    return `${clauses[0].replace(/^(who|whose) /, '')}${clauses.length > 1 ? ` and ${clauses.length - 1} more` : ''}`;
  }
  const rules = conditionRules(group);
  const nested = group.rules.some(isGroup);
  const first = rules[0] ? ruleText(rules[0]) : '';
  const more = rules.length > 1 ? ` ${nested ? '+' : group.combinator} ${rules.length - 1} more` : '';
  return `${group.not ? 'not ' : ''}${first}${more}`;
}

/**
 * One line saying what a step does, shown on its card so the graph reads without
 * clicking: "n_orders >= 5", "spend = sum(amount)", "→ winback".
 */
export function summarizeNode(kind: string, config: Record<string, unknown>): string {
  const c = config as Record<string, never>;
  switch (kind) {
    case 'source':
    case 'events':
      return c.path ? short(String(c.path)) : 'no dataset chosen';
    case 'filter':
      return short(conditionText(c.condition));
    case 'aggregate': {
      const fn = String(c.fn ?? 'count');
      return short(`${c.as ?? '?'} = ${fn}${c.column ? `(${c.column})` : ''}${c.withinDays !== undefined ? `, ${c.withinDays} days` : ''}`);
    }
    case 'compute':
      return short(`${c.as ?? '?'} = ${c.formula || '…'}`);
    case 'rank':
      return short(`${c.as ?? '?'} = ${c.fn === 'ntile' ? `${c.buckets ?? '?'} buckets` : 'percentile'} by ${c.by || '?'}`);
    case 'lookup':
      return short(Array.isArray(c.fields) && (c.fields as string[]).length ? `+ ${(c.fields as string[]).join(', ')}` : 'no columns chosen');
    case 'output':
      return short(`→ ${c.segment ?? '?'}`);
    default:
      return '';
  }
}

/**
 * Who a filter or an output holds, in one sentence read along its whole path: the
 * card's tooltip, where the one-line summary has no room for it. Other kinds: undefined.
 */
export function nodeWords(kind: string, document: DescribableDocument, nodeId: string): string | undefined {
  return kind === 'filter' || kind === 'output' ? `${describePath(document, nodeId)}.` : undefined;
}
