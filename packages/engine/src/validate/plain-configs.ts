import { AGGREGATE_FUNCTIONS } from '../conditions/condition.ts';
import { plainConditionGroup, withEventParts } from '../conditions/plain-condition.ts';
import type { NodeDefinition } from '../nodes/define-node.ts';
import { SEGMENT_NAME } from '../nodes/output.node.ts';

/**
 * The settings of the commonest node kinds (all but sources; outputs to a file only) as their zod schemas would give them
 * back, read by hand (see conditions/plain-condition.ts for why); undefined
 * whenever anything is unusual, and the caller lets zod read the config, so a
 * problem is always worded by the schema. Keep in step with the kinds' schemas
 * (plain-configs.test.ts compares them on random settings).
 */
type Settings = Record<string, unknown>;

const isPlainObject = (v: unknown): v is Settings =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

function onlyKeys(o: Settings, known: readonly string[]): boolean {
  for (const key in o) if (!known.includes(key) || o[key] === undefined) return false;
  return true;
}

const FUNCTIONS = new Set<unknown>(AGGREGATE_FUNCTIONS);
const isWholeIn = (v: unknown, min: number, max: number) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.length >= 1 && v.length <= max;

/** filter: `{ condition }`. */
function filterSettings(config: Settings): Settings | undefined {
  if (!onlyKeys(config, ['condition'])) return undefined;
  const condition = plainConditionGroup(config.condition);
  return condition && { condition };
}

const AGGREGATE_KEYS = ['as', 'fn', 'column', 'where', 'withinDays'];

/** aggregate: `{ as, fn, column?, where?, withinDays? }`. */
function aggregateSettings(config: Settings): Settings | undefined {
  if (!onlyKeys(config, AGGREGATE_KEYS)) return undefined;
  const { as, fn } = config;
  if (!isText(as, 256) || !FUNCTIONS.has(fn)) return undefined;
  const read: Settings = { as, fn };
  return withEventParts(read, config) ? read : undefined;
}

/** compute: `{ as, formula }` (the formula's length is the parser's to judge). */
function computeSettings(config: Settings): Settings | undefined {
  if (!onlyKeys(config, ['as', 'formula'])) return undefined;
  const { as, formula } = config;
  return isText(as, 256) && typeof formula === 'string' ? { as, formula } : undefined;
}

const RANK_KEYS = ['as', 'fn', 'buckets', 'by', 'descending', 'partitionBy'];

/** rank: `{ as, fn, buckets?, by, descending?, partitionBy? }`. */
function rankSettings(config: Settings): Settings | undefined {
  if (!onlyKeys(config, RANK_KEYS)) return undefined;
  const { as, fn, buckets, by, descending, partitionBy } = config;
  if (!isText(as, 256) || (fn !== 'percent_rank' && fn !== 'ntile') || !isText(by, 256)) return undefined;
  if (buckets !== undefined && !isWholeIn(buckets, 1, 10_000)) return undefined;
  if (descending !== undefined && typeof descending !== 'boolean') return undefined;
  if (partitionBy !== undefined && !isText(partitionBy, 256)) return undefined;
  const read: Settings = { as, fn };
  if (buckets !== undefined) read.buckets = buckets;
  read.by = by;
  if (descending !== undefined) read.descending = descending;
  if (partitionBy !== undefined) read.partitionBy = partitionBy;
  return read;
}

/** union and intersect: `{ conflict? }`. */
function combineSettings(config: Settings): Settings | undefined {
  if (!onlyKeys(config, ['conflict'])) return undefined;
  const { conflict } = config;
  if (conflict === undefined) return {};
  return conflict === 'first' || conflict === 'last' || conflict === 'error' ? { conflict } : undefined;
}

const OUTPUT_KEYS = ['segment', 'destination', 'fields'];
const isFieldName = (v: unknown) => isText(v, 256);
const FILE_TYPES = new Set<unknown>(['csv', 'parquet', 'json']);

/**
 * output to a file: `{ segment, destination: { type, path, delivery? }, fields? }`.
 * Webhooks, databases and expected sizes are rarer and have more to check: zod reads those.
 */
function outputSettings(config: Settings): Settings | undefined {
  if (!onlyKeys(config, OUTPUT_KEYS)) return undefined;
  const { segment, destination, fields } = config;
  if (typeof segment !== 'string' || !SEGMENT_NAME.test(segment)) return undefined;
  const file = fileDestination(destination);
  if (!file) return undefined;
  if (fields === undefined) return { segment, destination: file };
  if (!Array.isArray(fields) || fields.length > 500 || !fields.every(isFieldName)) return undefined;
  return { segment, destination: file, fields: fields.slice() };
}

function fileDestination(destination: unknown): Settings | undefined {
  if (!isPlainObject(destination) || !onlyKeys(destination, ['type', 'path', 'delivery'])) return undefined;
  const { type, path, delivery } = destination;
  if (!FILE_TYPES.has(type) || !isText(path, 1024)) return undefined;
  if (delivery === undefined) return { type, path };
  return delivery === 'full' || delivery === 'changes' ? { type, path, delivery } : undefined;
}

/** exclude: no settings. */
const noSettings = (config: Settings): Settings | undefined => (onlyKeys(config, []) ? {} : undefined);

const READERS: Record<string, (config: Settings) => Settings | undefined> = {
  filter: filterSettings, aggregate: aggregateSettings, compute: computeSettings, rank: rankSettings,
  union: combineSettings, intersect: combineSettings, exclude: noSettings, output: outputSettings,
};

/** The config parsed as `definition.config.safeParse` would, when it can be read by hand; else undefined. */
export function plainConfig(definition: Pick<NodeDefinition<Settings>, 'kind'>, config: unknown): { success: true; data: Settings } | undefined {
  const read = READERS[definition.kind];
  if (!read || !isPlainObject(config)) return undefined;
  const data = read(config);
  return data && { success: true, data };
}
