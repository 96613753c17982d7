import type { FieldDescriptor, FieldWidget } from '../nodes/fields.ts';

type Path = readonly PropertyKey[];

/** What a setting is called in a sentence, and whether one chooses it or types it. */
export interface SettingWords {
  /** With its article: "a dataset", "the columns to bring in", "the value of rule 2". */
  noun: string;
  /** Without an article, for "Shorten the …": "new column name". */
  bare: string;
  verb: 'Choose' | 'Enter' | 'Add';
  /** The descriptor the setting belongs to, when the kind has one. */
  field?: FieldDescriptor;
}

/** Settings the inspector edits through one widget (the dataset picker, the delivery form) or that have no field of their own. */
const KNOWN: Record<string, [string, SettingWords['verb']]> = {
  path: ['dataset', 'Choose'],
  format: ['file format', 'Choose'],
  key: ['customer key column', 'Choose'],
  timestamp: ['time column', 'Choose'],
  delimiter: ['column separator', 'Enter'],
  columns: ['column types', 'Choose'],
  dedupe: ['way to keep one row per customer', 'Choose'],
  'dedupe.keep': ['duplicate to keep', 'Choose'],
  'dedupe.orderBy': ['column that decides which duplicate stays', 'Choose'],
  segment: ['segment name', 'Enter'],
  destination: ['destination', 'Choose'],
  'destination.type': ['kind of destination', 'Choose'],
  'destination.path': ['file name', 'Enter'],
  'destination.url': ['web address', 'Enter'],
  'destination.headers': ['request headers', 'Enter'],
  'destination.connection': ['database connection', 'Choose'],
  'destination.table': ['table name', 'Enter'],
  'destination.schema': ['database schema name', 'Enter'],
  'destination.key': ['table key column', 'Choose'],
  'destination.delivery': ['way of delivering', 'Choose'],
  expect: ['expected size', 'Enter'],
  on: ['columns to match on', 'Choose'],
  'on.in': ['customers’ column to match on', 'Choose'],
  'on.lookup': ['lookup table’s column to match on', 'Choose'],
  seed: ['seed', 'Enter'],
  groups: ['groups', 'Add'],
  'groups.name': ['group name', 'Enter'],
  'groups.percent': ['group percent', 'Enter'],
  condition: ['rules', 'Add'],
  where: ['event rules', 'Add'],
  combinator: ['match of all or any rules', 'Choose'],
  // Labels that read well on a form but not inside a sentence.
  withinDays: ['number of days', 'Enter'],
  'expect.min': ['smallest expected size', 'Enter'],
  'expect.max': ['largest expected size', 'Enter'],
  by: ['column to rank by', 'Choose'],
  partitionBy: ['column to rank within', 'Choose'],
  conflict: ['choice for two columns of one name', 'Choose'],
  // The document's own parts (a step, a connection, the workflow).
  id: ['id', 'Enter'],
  kind: ['kind of step', 'Choose'],
  label: ['name', 'Enter'],
  config: ['settings', 'Choose'],
  position: ['place on the canvas', 'Choose'],
  source: ['step it starts from', 'Choose'],
  target: ['step it leads to', 'Choose'],
  targetPort: ['input it joins', 'Choose'],
  schemaVersion: ['document version', 'Choose'],
  name: ['name', 'Enter'],
  nodes: ['steps', 'Add'],
  edges: ['connections', 'Add'],
  run: ['run settings', 'Choose'],
  'run.asOf': ['as-of date', 'Enter'],
};

const SHORT_LABELS: Record<string, [string, SettingWords['verb']]> = { fn: ['kind of rank', 'Choose'] };

/** Inside a rule: what each of its parts is. */
const RULE_PARTS: Record<string, [string, SettingWords['verb']]> = {
  field: ['column', 'Choose'],
  operator: ['comparison', 'Choose'],
  value: ['value', 'Enter'],
  combinator: ['“all” or “any”', 'Choose'],
  behaviour: ['behaviour', 'Choose'],
  fn: ['figure', 'Choose'],
  column: ['column', 'Choose'],
  withinDays: ['number of days', 'Enter'],
  lookbackDays: ['number of days to look back', 'Enter'],
  sequence: ['sequence', 'Choose'],
};

const VERB: Partial<Record<FieldWidget, SettingWords['verb']>> = {
  text: 'Enter', number: 'Enter', formula: 'Enter', 'rule-builder': 'Add', 'event-rules': 'Add', 'split-groups': 'Add',
};

/** "a", "an" or "the" (plural words and lists take "the"). */
function withArticle(bare: string): string {
  const first = bare.split(/\s/)[0];
  if (/[^s]s$/i.test(first) || /^[“"]/.test(bare)) return `the ${bare}`;
  return `${/^[aeiou]/i.test(bare) ? 'an' : 'a'} ${bare}`;
}

const lowerFirst = (text: string) => (/^[A-Z][a-z]/.test(text) ? text[0].toLowerCase() + text.slice(1) : text);

/** "expectMin" → "expect min": a last resort for a setting nobody named. */
const spaced = (key: string) => key.replace(/([a-z])([A-Z])/g, '$1 $2').replaceAll('_', ' ').toLowerCase();

/**
 * The words for the setting at `path` in a kind's settings: a rule's part is
 * "the value of rule 2", a field the inspector shows goes by its label, other
 * settings by the names above.
 */
export function settingWords(fields: readonly FieldDescriptor[] | undefined, path: Path): SettingWords {
  const ruleAt = path.findLastIndex((p) => p === 'rules');
  if (ruleAt >= 0 && typeof path[ruleAt + 1] === 'number') {
    const n = (path[ruleAt + 1] as number) + 1;
    const part = path.slice(ruleAt + 2).find((p) => typeof p === 'string' && p in RULE_PARTS) as string | undefined;
    const where = path[0] === 'where' ? `event rule ${n}` : `rule ${n}`;
    if (!part) return { noun: where, bare: where, verb: 'Choose' };
    const [bare, verb] = RULE_PARTS[part];
    return { noun: `the ${bare} of ${where}`, bare: `${bare} of ${where}`, verb };
  }
  const keys = path.filter((p): p is string => typeof p === 'string');
  const key = keys.join('.');
  const field = fields?.find((f) => f.key === key);
  const named = KNOWN[key];
  if (named) return { noun: withArticle(named[0]), bare: named[0], verb: named[1], field };
  if (field && field.label.length < 4) {
    // A form's short label ("As") says nothing inside a sentence.
    const short = SHORT_LABELS[key] ?? [spaced(key), 'Choose'];
    return { noun: withArticle(short[0]), bare: short[0], verb: short[1], field };
  }
  if (field) {
    const bare = lowerFirst(field.label.replace(/:.*$/, '').replace(/\s*…\s*/g, ' ').replace(/\s+/g, ' ').trim());
    return { noun: withArticle(bare), bare, verb: VERB[field.widget] ?? 'Choose', field };
  }
  const known = KNOWN[key] ?? KNOWN[`${keys[0]}.${keys.at(-1)}`] ?? KNOWN[keys.at(-1) ?? ''];
  if (known) return { noun: withArticle(known[0]), bare: known[0], verb: known[1] };
  const bare = keys.length ? spaced(keys.at(-1)!) : 'settings';
  return { noun: `the ${bare}`, bare, verb: 'Enter' };
}
