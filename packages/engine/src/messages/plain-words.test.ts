import { describe, expect, it } from 'vitest';
import { NODE_DEFINITIONS } from '../nodes/registry.ts';
import { validateWorkflow } from '../validate/analyze-workflow.ts';
import type { Problem } from '../model/problem.ts';
import { CUSTOMER_COLUMNS, EVENT_COLUMNS, doc, edge, events, facts, filter, output, rule, source } from '../../test/workflow-builders.ts';

/** Words of the schema library or of the document's insides that a marketer must never read. */
const LIBRARY_TEXT = [/too small/i, /too big/i, /expected (a |an )?(string|number|array|object|boolean|one of|int)/i, /received/i, />=|<=/, /invalid_type/, /invalid input/i, /invalid option/i, /\binvalid_\w+/, /\bnodes\.\d/, /\bconfig\b/, /1e[+-]?\d/];
const PORT_IDS = [/"in"/, /"left"/, /"events"/, /"minus"/, /"lookup"/, /\bon "\w+"/];

const labelled = <T extends { id: string }>(n: T, label = `My ${n.id.replace(/_\d+$/, '')}`) => ({ ...n, label });

/** Settings that break a kind's schema in every way the library has words for. */
const BROKEN_SETTINGS: unknown[] = [
  {}, { x: 1 }, null, 'text', [1],
  { path: '', key: '', format: 'xls', timestamp: 5 }, { path: 'a'.repeat(2000), key: 'id', format: 'csv' },
  { as: '', formula: '' }, { as: 'x'.repeat(300), formula: 7 }, { as: 'n', fn: 'median' }, { as: 'r', fn: 'ntile', by: 'income', buckets: 0 },
  { as: 'r', fn: 'ntile', by: 'income', buckets: 1e26 }, { fields: [] }, { fields: 'name' }, { fields: ['name'], on: { in: '' } },
  { seed: '', groups: [{ name: 'a', percent: 50 }] }, { seed: 's', groups: [{ name: '', percent: '50' }, { name: 'b', percent: 50 }] },
  { condition: { combinator: 'and', rules: [{ field: '', operator: '=', value: '' }] } },
  { condition: { combinator: 'maybe', rules: [{ field: 'name', operator: 'looksLike', value: {} }] } },
  { condition: { combinator: 'and', rules: 'none' } },
  { segment: 'VIP customers', destination: { type: 'csv', path: 'vip.csv' } }, { segment: '', destination: {} },
  { segment: 'ok', destination: { type: 'webhook', url: 'not a url' } }, { segment: 'ok', destination: { type: 'csv', path: '' }, expect: { min: 10, max: 2 } },
  { segment: 'ok', destination: { type: 'csv', path: 'x.csv' }, expect: { min: -1 } },
  { segment: 'ok', destination: { type: 'postgres', connection: 'crm', table: '1 bad' } },
  { as: 'spend', fn: 'sum', column: 'amount', withinDays: -3, where: { combinator: 'and', rules: [{ field: 3 }] } },
];

function brokenDocuments() {
  const docs: { what: string; document: unknown }[] = [];
  const customers = labelled(source('source_1'), 'Profiles');
  const evts = labelled(events('events_1'), 'Orders');
  for (const definition of NODE_DEFINITIONS) {
    const id = `${definition.kind}_7`;
    for (const [i, config] of [definition.defaultConfig(), ...BROKEN_SETTINGS].entries()) {
      const step = labelled({ id, kind: definition.kind, config: config as Record<string, unknown> });
      docs.push({ what: `${definition.kind} alone, settings ${i}`, document: doc([step]) });
      // Wired to customers and events, so port and column checks speak too.
      const ports = Object.entries(definition.inputs);
      const edges = ports.flatMap(([port, spec]) => [edge(spec.accepts === 'events' ? 'events_1' : 'source_1', id, port === 'in' ? undefined : port)]);
      docs.push({ what: `${definition.kind} wired, settings ${i}`, document: doc([customers, evts, step, labelled(output('output_1'), 'Winback')], [...edges, ...(definition.output ? [edge(id, 'output_1')] : [])]) });
      // The wrong data on every input, and an input it does not have.
      const wrong = ports.map(([port, spec]) => edge(spec.accepts === 'events' ? 'source_1' : 'events_1', id, port === 'in' ? undefined : port));
      docs.push({ what: `${definition.kind} wrong inputs, settings ${i}`, document: doc([customers, evts, step], [...wrong, edge('source_1', id, 'left'), edge('source_1', id, 'left')]) });
    }
  }
  docs.push({ what: 'edges to nowhere', document: doc([customers], [edge('source_1', 'ghost'), edge('ghost_9', 'source_1')]) });
  docs.push({ what: 'a cycle', document: doc([customers, labelled(filter('filter_1', rule('name', '=', 'x')), 'Named x'), labelled(filter('filter_2', rule('name', '=', 'y')), 'Named y')], [edge('filter_1', 'filter_2'), edge('filter_2', 'filter_1')]) });
  docs.push({ what: 'out of an output', document: doc([customers, labelled(output('output_1'), 'Winback'), labelled(output('output_2'), 'Second')], [edge('source_1', 'output_1'), edge('output_1', 'output_2')]) });
  docs.push({ what: 'not a document', document: { schemaVersion: 3, nodes: 'many', edges: [{ source: 1 }] } });
  docs.push({ what: 'node without id', document: { schemaVersion: 1, nodes: [{ kind: 'filter', config: {} }, { id: 'a b', kind: 'sparkle', config: {} }], edges: [{ source: 'a', target: '' }] } });
  return docs;
}

const sources = { source_1: facts(CUSTOMER_COLUMNS), events_1: facts(EVENT_COLUMNS) };

describe('problems are sentences a marketer can act on', () => {
  const all: { what: string; problem: Problem }[] = [];
  for (const { what, document } of brokenDocuments()) for (const problem of validateWorkflow(document, { sources })) all.push({ what, problem });

  it('walks enough broken documents to mean something', () => {
    expect(all.length).toBeGreaterThan(500);
    expect(new Set(all.map((p) => p.problem.code)).size).toBeGreaterThan(8);
  });

  it('never shows the schema library\'s words, port ids or setting paths', () => {
    const bad = all.filter(({ problem }) => [...LIBRARY_TEXT, ...PORT_IDS].some((re) => re.test(problem.message)));
    expect(bad.map(({ what, problem }) => `${what}: ${problem.message}`)).toEqual([]);
  });

  it('names labelled steps by their labels, never by their ids', () => {
    const bad = all.filter(({ problem }) => /\b(source|events|filter|aggregate|compute|rank|lookup|split|intersect|union|priority|exclude|output)_\d\b(?!': give one another id)/.test(problem.message));
    expect(bad.map(({ what, problem }) => `${what}: ${problem.message}`)).toEqual([]);
  });

  it('keeps the code and the path for the API', () => {
    const config = all.filter(({ problem }) => problem.code === 'invalid_config');
    expect(config.length).toBeGreaterThan(100);
    for (const { problem } of config) expect(problem.nodeId).toBeTruthy();
    expect(all.some(({ problem }) => problem.field === 'condition.rules.0.field')).toBe(true);
  });

  it('every sentence starts with a capital or a quote and ends with a stop', () => {
    // A formula's own problems point at a character and read as a caption under it.
    const bad = all.filter(({ problem }) => problem.position === undefined && (!/^[A-Z'“]/.test(problem.message) || !/[.?!)]$/.test(problem.message.trim())));
    expect(bad.map(({ what, problem }) => `${what}: ${problem.message}`)).toEqual([]);
  });
});

describe('the sentences the brief asks for', () => {
  const messages = (document: unknown) => validateWorkflow(document, { sources }).map((p) => p.message);

  it('says what to choose, with the step\'s label', () => {
    expect(messages(doc([labelled(source('source_1', { path: '' }), 'Profiles')]))).toContain("Choose a dataset for 'Profiles'.");
  });

  it('names a value written outside the editor that is not a choice, so it can be found in the file', () => {
    const adults = labelled(filter('filter_1', rule('age', 'like', 3)), 'Adults');
    expect(messages(doc([labelled(source('source_1'), 'Profiles'), adults], [edge('source_1', 'filter_1')])))
      .toContain("The comparison of rule 1 of 'Adults' is 'like', which Segflow does not know: choose one from the list.");
  });

  it('says what to connect, into which input', () => {
    const spend = { id: 'aggregate_1', kind: 'aggregate', label: 'Spend, 365 days', config: { as: 'spend', fn: 'count' } };
    expect(messages(doc([spend]))).toEqual(expect.arrayContaining([
      "Connect a customers step into 'Spend, 365 days' (its Customers input).",
      "Connect an events step into 'Spend, 365 days' (its Events input).",
    ]));
  });

  it('says what a segment name may hold, with a name that works', () => {
    expect(messages(doc([labelled(output('output_1', { segment: 'VIP customers' }), 'VIP')]))).toContain(
      "The segment name of 'VIP' can use only letters, digits, _ and - (no spaces), up to 64 characters: rename it, for example 'VIP_customers'.");
  });

  it('an empty workflow is not ready to run', () => {
    expect(validateWorkflow(doc([]))).toEqual([expect.objectContaining({ severity: 'warning', code: 'no_output', message: expect.stringContaining('The workflow is empty') })]);
  });

  it('an output dropped but not wired yet does not flag every other step', () => {
    const problems = validateWorkflow(doc([source('source_1'), filter('filter_1', rule('name', '=', 'x')), output('output_1')], [edge('source_1', 'filter_1')]), { sources });
    expect(problems.filter((p) => p.code === 'disconnected')).toEqual([]);
    expect(problems).toContainEqual(expect.objectContaining({ code: 'missing_input', nodeId: 'output_1' }));
  });

  it('an output whose settings are still wrong is an output: no "Nothing is delivered"', () => {
    const problems = validateWorkflow(doc([source('source_1'), output('output_1', { segment: 'VIP customers' })], [edge('source_1', 'output_1')]), { sources });
    expect(problems.map((p) => p.code)).not.toContain('no_output');
  });
});
