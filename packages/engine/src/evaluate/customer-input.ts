import type { ColumnType, Schema } from '../model/column.ts';
import type { WorkflowAnalysis } from '../validate/analyze-workflow.ts';
import type { CompiledEvaluator, CustomerData, CustomerResult } from './compile-evaluator.ts';
import { isRow, isUnknown, type NodeResult } from './types.ts';
import { fromJson, TYPE_WORDS, type Row } from './values.ts';

/** One customer as a caller sends it: JSON of the source columns' types. */
export interface CustomerJson {
  profile: Record<string, unknown>;
  events?: Record<string, unknown>[];
}

/** A problem with the values sent, in words a caller can act on. */
export interface InputProblem {
  field: string;
  message: string;
}

export const MAX_EVENTS_PER_CUSTOMER = 10_000;

/** Column types by name over several schemas (the first one naming a column decides its type). */
function typesOf(schemas: Schema[]): Map<string, ColumnType> {
  const types = new Map<string, ColumnType>();
  for (const s of schemas) for (const c of s.columns) if (!types.has(c.name)) types.set(c.name, c.type);
  return types;
}

/** Each column null, in the schema's order: copied per row, so every row has the same shape (fast property access). */
const emptyRows = new WeakMap<Map<string, ColumnType>, Row>();

function nullRow(types: Map<string, ColumnType>): Row {
  const row: Row = {};
  for (const name of types.keys()) row[name] = null;
  return row;
}

function emptyRow(types: Map<string, ColumnType>): Row {
  // A column named __proto__ would not survive a copy: such rows are built key by key, as they always were.
  if (types.has('__proto__')) return nullRow(types);
  let row = emptyRows.get(types);
  if (!row) emptyRows.set(types, (row = nullRow(types)));
  return { ...row };
}

/** A problem's field: `profile.age`, `events[3].ts`. Built only for a problem (a batch reads 20,000 events without one). */
const fieldOf = (where: string, index: number | undefined, name: string) => (index === undefined ? `${where}.${name}` : `${where}[${index}].${name}`);

/** `where` (and `index`, for a list) say where the row is, in a problem's field. */
function readRow(json: Record<string, unknown>, types: Map<string, ColumnType>, where: string, problems: InputProblem[], index?: number): Row {
  const row = emptyRow(types);
  // for…in with hasOwn: the same keys in the same order as Object.entries, without an array per key.
  for (const name in json) {
    if (!Object.hasOwn(json, name)) continue;
    const type = types.get(name);
    if (!type) { problems.push({ field: fieldOf(where, index, name), message: `There is no column "${name}" here.` }); continue; }
    const read = fromJson(json[name], type);
    if (read === undefined) problems.push({ field: fieldOf(where, index, name), message: `"${name}" must be ${TYPE_WORDS[type]} or null.` });
    else row[name] = read;
  }
  return row;
}

/** What reading a customer needs of a compiled workflow, derived once per evaluator instead of per customer. */
interface CustomerShape {
  sources: string[];
  eventNodes: string[];
  key: string | undefined;
  profileTypes: Map<string, ColumnType>;
  eventKeys: string[];
  eventTypes: Map<string, ColumnType>;
}

const shapes = new WeakMap<CompiledEvaluator, CustomerShape>();

function shapeOf(evaluator: CompiledEvaluator, analysis: WorkflowAnalysis): CustomerShape {
  let shape = shapes.get(evaluator);
  if (shape) return shape;
  const sources = evaluator.customerSources.filter((id) => analysis.schemas.get(id)!.kind === 'population');
  const eventNodes = evaluator.customerSources.filter((id) => analysis.schemas.get(id)!.kind === 'events');
  const profileSchemas = sources.map((id) => analysis.schemas.get(id)!);
  const eventSchemas = eventNodes.map((id) => analysis.schemas.get(id)!);
  shape = {
    sources, eventNodes, key: profileSchemas[0]?.key,
    profileTypes: typesOf(profileSchemas),
    eventKeys: eventSchemas.map((s) => s.key),
    eventTypes: typesOf(eventSchemas),
  };
  shapes.set(evaluator, shape);
  return shape;
}

/**
 * A caller's customer as the evaluator's data: the profile goes to every
 * source evaluated per customer, the events to every events node. Events
 * without the key get the customer's; events of another key are a problem.
 * The columns' types are worked out once per compiled evaluator (a server
 * reads thousands of customers a second with the same one).
 */
export function readCustomer(evaluator: CompiledEvaluator, analysis: WorkflowAnalysis, input: CustomerJson): { data?: CustomerData; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  const { sources, eventNodes, key, profileTypes, eventKeys, eventTypes } = shapeOf(evaluator, analysis);
  const profile = readRow(input.profile, profileTypes, 'profile', problems);
  if (key !== undefined && (profile[key] === null || profile[key] === '')) problems.push({ field: `profile.${key}`, message: `The profile needs its key "${key}".` });
  const events = input.events ?? [];
  if (events.length > MAX_EVENTS_PER_CUSTOMER) problems.push({ field: 'events', message: `At most ${MAX_EVENTS_PER_CUSTOMER} events per customer.` });
  // One array of the right size, no copy of the events, and an event's place written only into a problem (a batch reads 1,000 customers).
  const eventRows: Row[] = new Array(Math.min(events.length, MAX_EVENTS_PER_CUSTOMER));
  for (let i = 0; i < eventRows.length; i++) {
    const row = readRow(events[i], eventTypes, 'events', problems, i);
    for (const eventKey of eventKeys) {
      if (row[eventKey] === null) row[eventKey] = profile[key ?? ''] ?? null;
      else if (row[eventKey] !== profile[key ?? '']) problems.push({ field: `events[${i}].${eventKey}`, message: `This event belongs to another customer.` });
    }
    eventRows[i] = row;
  }
  if (problems.length) return { problems };
  return {
    data: {
      profiles: Object.fromEntries(sources.map((id) => [id, profile])),
      events: Object.fromEntries(eventNodes.map((id) => [id, eventRows])),
    },
    problems,
  };
}

/** In (true), out (false), or cannot be known (null). */
export const membership = (r: NodeResult): boolean | null => (isUnknown(r) ? null : isRow(r));

/** The API's answer: every segment and every population node, in, out or unknown. */
export function membershipAnswer(result: CustomerResult, analysis: WorkflowAnalysis) {
  // for…in with hasOwn: Object.entries' keys in its order, without a pair array per key (a batch answers 1,000 customers).
  const nodes: Record<string, boolean | null> = {};
  for (const id in result.nodes) if (Object.hasOwn(result.nodes, id) && analysis.schemas.get(id)?.kind !== 'events') nodes[id] = membership(result.nodes[id]);
  const segments: Record<string, boolean | null> = {};
  for (const name in result.segments) if (Object.hasOwn(result.segments, name)) segments[name] = membership(result.segments[name]);
  return { segments, nodes };
}
