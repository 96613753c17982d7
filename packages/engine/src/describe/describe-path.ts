import type { ConditionGroup } from '../conditions/condition.ts';
import { conditionClauses } from './describe-rule.ts';

/** The least of a document the words need: it may be a draft being edited, so nothing is assumed valid. */
export interface DescribableDocument {
  nodes: readonly { id: string; kind: string; label?: string; config?: Record<string, unknown> }[];
  edges?: readonly { source: string; target: string; targetPort?: string }[];
}

interface Phrase {
  subject: string;
  clauses: string[];
  excluding: string[];
}

const quoted = (text: string) => `“${text}”`;

function sentence(p: Phrase): string {
  const who = p.clauses.length ? ` ${p.clauses.join(' and ')}` : '';
  const excluding = p.excluding.length ? `, excluding ${p.excluding.join(' and ')}` : '';
  return `${p.subject}${who}${excluding}`;
}

/**
 * What reaches a node, in one sentence read back from the sources: "Customers who
 * spent … and who did not purchase in the last 60 days, excluding those in “VIP”".
 * Filters add clauses; exclude adds "excluding"; union, intersect and priority name
 * their inputs by label; enrichments pass their input's words through.
 *
 * @example describePath(doc, 'out_winback') // 'Customers whose spend is more than 900, excluding those whose recency is at most 60'
 */
export function describePath(document: DescribableDocument, nodeId: string): string {
  return sentence(phraseOf(document, nodeId, new Set()));
}

function phraseOf(document: DescribableDocument, nodeId: string, seen: Set<string>): Phrase {
  const node = document.nodes.find((n) => n.id === nodeId);
  if (!node || seen.has(nodeId)) return { subject: 'Customers', clauses: [], excluding: [] };
  const visiting = new Set(seen).add(nodeId);
  const inputs = (port: string) =>
    (document.edges ?? []).filter((e) => e.target === nodeId && (e.targetPort ?? 'in') === port).map((e) => e.source);
  const from = (id: string | undefined) => (id ? phraseOf(document, id, visiting) : { subject: 'Customers', clauses: [], excluding: [] });
  const name = (id: string) => quoted(document.nodes.find((n) => n.id === id)?.label || id);
  const config = node.config ?? {};

  switch (node.kind) {
    case 'source':
      return { subject: 'Customers', clauses: [], excluding: [] };
    case 'filter': {
      const base = from(inputs('in')[0]);
      return { ...base, clauses: [...base.clauses, ...conditionClauses(config.condition as ConditionGroup | undefined)] };
    }
    case 'exclude': {
      const base = from(inputs('in')[0]);
      const minus = inputs('minus').map((id) => {
        const p = phraseOf(document, id, visiting);
        return p.subject === 'Customers' && p.clauses.length && !p.excluding.length ? `those ${p.clauses.join(' and ')}` : `those in ${name(id)}`;
      });
      return { ...base, excluding: [...base.excluding, ...minus] };
    }
    case 'union':
      return { subject: `Customers in ${inputs('in').map(name).join(' or ') || 'no segment yet'}`, clauses: [], excluding: [] };
    case 'intersect':
      return { subject: `Customers in ${inputs('in').map(name).join(' and also in ') || 'no segment yet'}`, clauses: [], excluding: [] };
    case 'priority':
      return { subject: `Customers of ${inputs('in').map(name).join(', then ') || 'no segment yet'} (each in the first that holds them)`, clauses: [], excluding: [] };
    default:
      // Enrichments and outputs keep their customers: their words are their input's.
      return from(inputs('in')[0]);
  }
}
