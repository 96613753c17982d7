import type { z } from 'zod';
import { innermostIssue } from '../model/parse-workflow.ts';
import { issueSentence, nodeName } from '../messages/index.ts';
import { error, type Problem } from '../model/problem.ts';
import type { NodeDefinition } from '../nodes/define-node.ts';
import { MAX_LIST_LENGTH } from '../conditions/condition.ts';
import { closestWord } from './closest-word.ts';

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

interface ConfigNode {
  id: string;
  label?: string;
  config: Record<string, unknown>;
}

/**
 * A node's settings that fail its kind's schema, as problems a marketer can
 * read: a setting Segflow does not know (a typo would otherwise be dropped
 * without a word), a list over the limit, and every other issue as a sentence
 * saying what to choose or enter (messages/schema-issue.ts).
 */
export function configProblems(issues: readonly Issue[], node: ConfigNode, definition: NodeDefinition<Record<string, unknown>>): Problem[] {
  const name = nodeName({ ...node, kind: definition.kind });
  const problems = issues.slice(0, 50).flatMap((raw) => {
    const issue = innermostIssue(raw);
    if (issue.code === 'unrecognized_keys') return issue.keys.slice(0, 50).map((key) => unknownSetting(name, node, definition, issue.path, key));
    if (issue.code === 'too_big' && issue.origin === 'array' && isRuleValue(node.config, issue.path)) return [longList(name, node, issue.path)];
    const field = issue.path.map(String).join('.');
    const message = issueSentence(issue, { name, fields: definition.fields, value: node.config });
    return [error('invalid_config', message, { nodeId: node.id, ...(field ? { field } : {}) })];
  });
  return problems.slice(0, 50);
}

function unknownSetting(name: string, node: ConfigNode, definition: NodeDefinition<Record<string, unknown>>, path: Path, key: string): Problem {
  const known = knownKeys(definition.config, path);
  const near = closestWord(key, known);
  const hint = near ? `; did you mean '${near}'?` : '.';
  const where = place(node.config, path);
  const shown = key.length > 64 ? `${key.slice(0, 64)}…` : key;
  return error('invalid_config', `${name} has a setting '${shown}'${where} that Segflow does not know${hint}`, {
    nodeId: node.id,
    field: [...path, key].map(String).join('.'),
  });
}

function longList(name: string, node: ConfigNode, path: Path): Problem {
  const rule = valueAt(node.config, path.slice(0, -1)) as { field?: unknown };
  const count = (valueAt(node.config, path) as unknown[]).length;
  const field = String(rule.field);
  return error(
    'invalid_config',
    `${name} lists ${count.toLocaleString('en-US')} values in the rule on '${field}'; a rule can list at most ${MAX_LIST_LENGTH.toLocaleString('en-US')}.`,
    { nodeId: node.id, field },
  );
}

/** A condition rule's `value`: the object holding it has a field and an operator. */
function isRuleValue(config: unknown, path: Path): boolean {
  if (path[path.length - 1] !== 'value') return false;
  const holder = valueAt(config, path.slice(0, -1));
  return typeof holder === 'object' && holder !== null && 'field' in holder && 'operator' in holder;
}

/** Where in the settings the key sits, in words: nothing at the top, a rule by its field, else the path. */
function place(config: unknown, path: Path): string {
  if (!path.length) return '';
  const holder = valueAt(config, path) as { field?: unknown; combinator?: unknown } | undefined;
  if (typeof holder?.field === 'string') return ` in the rule on '${holder.field}'`;
  if (holder?.combinator !== undefined) return ' in a group of rules';
  return ` in '${path.map(String).join('.')}'`;
}

function valueAt(value: unknown, path: Path): unknown {
  let at = value;
  for (const key of path) at = typeof at === 'object' && at !== null ? (at as Record<PropertyKey, unknown>)[key] : undefined;
  return at;
}

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  getter?: () => z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
  element?: z.ZodType;
  valueType?: z.ZodType;
}

const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/**
 * The keys the schema knows for the object at `path`: wrappers are unwrapped
 * and a union offers every option's keys (a did-you-mean picks the closest).
 */
export function knownKeys(schema: z.ZodType, path: Path): string[] {
  const keys = new Set<string>();
  const walk = (s: z.ZodType, rest: Path, hops: number): void => {
    if (hops > 200) return;
    const def = defOf(s);
    const inner = def.innerType ?? def.in ?? (def.type === 'lazy' ? def.getter?.() : undefined);
    if (inner) return walk(inner, rest, hops + 1);
    if (def.type === 'union') return def.options?.forEach((option) => walk(option, rest, hops + 1));
    if (!rest.length) {
      if (def.type === 'object') for (const key of Object.keys(def.shape ?? {})) keys.add(key);
      return;
    }
    const [head, ...tail] = rest;
    if (def.type === 'object' && typeof head === 'string' && def.shape?.[head]) walk(def.shape[head], tail, hops + 1);
    else if (def.type === 'array' && typeof head === 'number' && def.element) walk(def.element, tail, hops + 1);
    else if (def.type === 'record' && def.valueType) walk(def.valueType, tail, hops + 1);
  };
  walk(schema, path, 0);
  return [...keys];
}
