import type { z } from 'zod';
import { getNodeDefinition } from '../nodes/registry.ts';
import { issueSentence } from './schema-issue.ts';

type Issue = z.core.$ZodIssue;

interface DocLike {
  nodes?: unknown[];
  edges?: unknown[];
}

const record = (v: unknown) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined);
const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 80) : undefined);

/**
 * A document issue as a sentence about the step or connection it is in:
 * "Choose a dataset for 'Profiles'." rather than "nodes.0.config.path: …".
 */
export function documentIssueSentence(issue: Issue, document: unknown): string {
  const doc = record(document) as DocLike | undefined;
  const [part, index, ...rest] = issue.path;
  if (part === 'nodes' && typeof index === 'number') {
    const node = record(doc?.nodes?.[index]);
    // A label that is itself the problem (too long) does not name its step.
    const label = rest[0] === 'label' ? undefined : text(node?.label);
    const name = label ? `'${label}'` : text(node?.id) ? `the step '${text(node?.id)}'` : `step ${index + 1}`;
    const definition = typeof node?.kind === 'string' ? getNodeDefinition(node.kind) : undefined;
    if (rest[0] === 'config' && rest.length > 1)
      return issueSentence({ ...issue, path: rest.slice(1) }, { name, fields: definition?.fields, value: node?.config });
    if (rest[0] === 'config' && (record(node?.config) === undefined || Array.isArray(node?.config))) return `The settings of ${name} must be a group of settings, not a single value.`;
    if (rest[0] === 'kind' && typeof node?.kind === 'string') return `${upperName(name)} is a kind of step Segflow does not know ('${node.kind.slice(0, 40)}'): replace it with one from the palette.`;
    return issueSentence({ ...issue, path: rest }, { name, value: node });
  }
  if (part === 'edges' && typeof index === 'number') {
    const edge = record(doc?.edges?.[index]);
    const from = stepName(doc, edge?.source);
    const to = stepName(doc, edge?.target);
    const name = from && to ? `the connection from ${from} to ${to}` : `connection ${index + 1}`;
    return issueSentence({ ...issue, path: rest }, { name, value: edge });
  }
  return issueSentence(issue, { name: 'the workflow', value: document });
}

/** A step named by an edge's end: its label when the document has one. */
function stepName(doc: DocLike | undefined, id: unknown): string | undefined {
  if (!text(id)) return undefined;
  const node = doc?.nodes?.map(record).find((n) => n?.id === id);
  return `'${text(node?.label) ?? text(id)}'`;
}

const upperName = (name: string) => name[0].toUpperCase() + name.slice(1);
