import type { z } from 'zod';
import type { FieldDescriptor } from '../nodes/fields.ts';
import { settingWords, type SettingWords } from './setting-words.ts';
import { SEGMENT_NAME } from '../nodes/output.node.ts';
import { plainNumber as formatNumber } from './plain-number.ts';

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

/** What an issue is about: the thing named ("'Profiles'", "the workflow"), its settings' descriptors, and the value checked. */
export interface IssueSubject {
  name: string;
  fields?: readonly FieldDescriptor[];
  /** The object the issue's path starts from (a node's settings, the document). */
  value: unknown;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a text', number: 'a number', int: 'a whole number', boolean: 'on or off', array: 'a list', object: 'a group of settings', date: 'a date',
};

const isEmpty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

const upperFirst = (text: string) => text[0].toUpperCase() + text.slice(1);

const clip = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

/**
 * One schema issue as a sentence a marketer can act on, naming the setting the
 * way the inspector does and saying what to do: "Choose a dataset for
 * 'Profiles'." No wording of the schema library comes through; the issue's
 * path stays on the problem (`field`) for the API.
 */
export function issueSentence(issue: Issue, subject: IssueSubject): string {
  const path = issue.path;
  const words = settingWords(subject.fields, path);
  const value = valueAt(subject.value, path);
  const { name } = subject;
  const the = words.noun.replace(/^an? /, 'the ');
  switch (issue.code) {
    case 'invalid_type':
      if (isEmpty(value)) return missing(words, name);
      return `${upperFirst(the)} of ${name} should be ${TYPE_WORDS[issue.expected] ?? 'something else'}: ${words.verb.toLowerCase()} it again.`;
    case 'too_small':
      if (issue.origin === 'string' || issue.origin === 'array' || issue.origin === 'set') {
        if (isEmpty(value) || Number(issue.minimum) <= 1) return missing(words, name);
        return `${words.verb} at least ${issue.minimum} ${issue.origin === 'string' ? 'characters' : 'items'} for ${the} of ${name}.`;
      }
      return `Set ${the} of ${name} to ${issue.inclusive === false ? 'more than' : 'at least'} ${plainNumber(issue.minimum)}.`;
    case 'too_big':
      if (issue.origin === 'string') return `Shorten ${the} of ${name} to at most ${plainNumber(issue.maximum)} characters.`;
      if (issue.origin === 'array' || issue.origin === 'set' || issue.origin === 'object') return `${upperFirst(the)} of ${name} can hold at most ${plainNumber(issue.maximum)} items: remove some.`;
      return `Set ${the} of ${name} to ${issue.inclusive === false ? 'less than' : 'at most'} ${plainNumber(issue.maximum)}.`;
    case 'invalid_value': {
      const choose = words.verb === 'Enter' ? 'Choose' : words.verb;
      // A value typed outside the editor (a file, the API) is named, so it can be found where it was written.
      if (typeof value === 'string' && value !== '' || typeof value === 'number')
        return `${upperFirst(the)} of ${name} is '${clip(String(value))}', which Segflow does not know: ${choose.toLowerCase()} one from the list${options(words.field, issue.values)}.`;
      return `${choose} ${words.noun} for ${name} from the list${options(words.field, issue.values)}.`;
    }
    case 'invalid_format':
      if (path.at(-1) === 'segment' && typeof value === 'string') return segmentName(value, name);
      return `Change ${the} of ${name}: ${formatRule(issue)}.`;
    case 'unrecognized_keys':
      return `${upperFirst(the)} of ${name} ${issue.keys.length === 1 ? `has a setting '${issue.keys[0]}'` : 'have settings'} Segflow does not know: remove ${issue.keys.length === 1 ? 'it' : 'them'}.`;
    case 'not_multiple_of':
      return `Set ${the} of ${name} to a multiple of ${plainNumber(issue.divisor)}.`;
    case 'custom':
      // Segflow's own checks word their message as a rule ("the smallest size must not be above the largest", "the Host header is set by Segflow").
      return `Change ${the} of ${name}: ${ownWords(issue.message)}.`;
    default:
      if (isEmpty(value)) return missing(words, name);
      return `${upperFirst(the)} of ${name} is not something Segflow can use: ${words.verb.toLowerCase()} ${words.noun} again.`;
  }
}

function missing(words: SettingWords, name: string): string {
  if (words.verb === 'Add') return `Add ${words.noun.replace(/^(an?|the) /, 'the ')} to ${name}.`;
  return `${words.verb} ${words.noun} for ${name}.`;
}

/** "The segment name 'VIP customers' … try 'VIP_customers'". */
function segmentName(value: string, name: string): string {
  const tried = value.trim().replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 64);
  const hint = tried && SEGMENT_NAME.test(tried) ? `, for example '${tried}'` : '';
  if (!value.trim()) return `Enter a segment name for ${name}.`;
  return `The segment name of ${name} can use only letters, digits, _ and - (no spaces), up to 64 characters: rename it${hint}.`;
}

function formatRule(issue: Extract<Issue, { code: 'invalid_format' }>): string {
  if (!/^invalid/i.test(issue.message)) return ownWords(issue.message);
  if (issue.format === 'url') return 'it must be a web address';
  if (issue.format === 'email') return 'it must be an email address';
  return 'it is not written the way Segflow expects';
}

/** A message Segflow wrote into its schemas, trimmed of the library's prefix and final stop. */
function ownWords(message: string): string {
  const own = message.replace(/^Invalid input:?\s*/i, '').replace(/\.$/, '');
  return /^must\b/.test(own) ? `it ${own}` : own || 'it is not valid';
}

function options(field: FieldDescriptor | undefined, values: readonly unknown[]): string {
  // The inspector's words for each choice; bare values only when they are words ("csv"), not signs or code names.
  const labels = values.slice(0, 12).map((v) => field?.options?.find((o) => o.value === v)?.label ?? (typeof v === 'string' && /^[a-z]+$/.test(v) ? v : undefined));
  return labels.length && labels.every(Boolean) ? ` (${labels.map((l) => `“${l}”`).join(', ')})` : '';
}

const plainNumber = (n: unknown) => (typeof n === 'number' || typeof n === 'bigint' ? formatNumber(n) : String(n));

function valueAt(value: unknown, path: Path): unknown {
  let at = value;
  for (const key of path) at = typeof at === 'object' && at !== null ? (at as Record<PropertyKey, unknown>)[key] : undefined;
  return at;
}
