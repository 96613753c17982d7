import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildWorkflow, RECIPE_SOURCES, workflowPlanArb } from '../../test/arbitrary-workflow.ts';
import { checkWorkflow } from '../duckdb/run-workflow.ts';
import { PROBLEM_CODES, type Problem } from '../model/problem.ts';
import {
  chain, compute, CUSTOMER_COLUMNS, doc, edge, EVENT_COLUMNS, events, facts, filter, node, output, rule, source,
  type EdgeSpec, type NodeSpec,
} from '../../test/workflow-builders.ts';
import { analyzeWorkflow, validateWorkflow } from './analyze-workflow.ts';
import { getNodeDefinition } from '../nodes/registry.ts';

const SOURCES = { c: facts(CUSTOMER_COLUMNS), ev: facts(EVENT_COLUMNS), c2: facts(CUSTOMER_COLUMNS) };

/** Problems of a document whose sources `c`, `c2` (customers) and `ev` (events) are known. */
const problemsOf = (nodes: NodeSpec[], edges: EdgeSpec[] = []) => validateWorkflow(doc(nodes, edges), { sources: SOURCES });
const withCode = (problems: Problem[], code: string) => problems.filter((p) => p.code === code);
const codes = (problems: Problem[]) => [...new Set(problems.map((p) => p.code))].sort();

/** c → filter(rules) → out */
const filtered = (...rules: ReturnType<typeof rule>[]) =>
  problemsOf([source('c'), filter('f', ...rules), output('out')], chain('c', 'f', 'out'));

describe('a valid document', () => {
  it('has no problems and infers each node\'s columns', () => {
    const analysis = analyzeWorkflow(
      doc([source('c'), compute('k', 'score', 'income / 1000'), filter('f', rule('score', '>', 10)), output('out')], chain('c', 'k', 'f', 'out')),
      { sources: SOURCES },
    );
    expect(analysis.problems).toEqual([]);
    expect(analysis.order).toEqual(['c', 'k', 'f', 'out']);
    expect(analysis.schemas.get('f')!.columns.at(-1)).toEqual({ name: 'score', type: 'number', origin: 'k' });
  });

  it('gives every problem a code from the one table, a severity and a message', () => {
    const problems = problemsOf([source('c'), filter('f', rule('nope', '=', 1)), node('x', 'nonsense')], [edge('c', 'f'), edge('f', 'ghost')]);
    expect(problems.length).toBeGreaterThan(2);
    for (const p of problems) {
      expect(Object.keys(PROBLEM_CODES)).toContain(p.code);
      expect(['error', 'warning']).toContain(p.severity);
      expect(p.message.length).toBeGreaterThan(0);
    }
  });
});

describe('validating again', () => {
  const valid = doc([source('c'), compute('k', 'score', 'income / 1000'), filter('f', rule('score', '>', 10)), output('out')], chain('c', 'k', 'f', 'out'));
  const again = (document: unknown) => validateWorkflow(structuredClone(document), { sources: SOURCES, remember: true });

  it('answers a copy of a document (new objects, same content) as the document itself, edited nodes included', () => {
    expect(again(valid)).toEqual([]);
    const broken = structuredClone(valid);
    broken.nodes[2].config = { condition: { combinator: 'and', rules: [{ field: 'nope', operator: '>', value: 10 }] } };
    expect(again(broken)).toContainEqual(expect.objectContaining({ code: 'unknown_field', nodeId: 'f' }));
    (broken.nodes[1] as { id: unknown }).id = 'bad id!';
    expect(again(broken)).toContainEqual(expect.objectContaining({ code: 'invalid_document', field: 'nodes.1.id' }));
    expect(again(valid)).toEqual([]);
  });

  it('after any one-node edit, finds exactly what validating the edited document from scratch finds', () => {
    fc.assert(
      fc.property(workflowPlanArb, fc.nat(), fc.nat(), (recipe, pick, change) => {
        const document = buildWorkflow(recipe);
        analyzeWorkflow(document, { sources: RECIPE_SOURCES, remember: true }); // remembered: the editor validated it before
        const editable = document.nodes.filter((n) => ['filter', 'compute', 'aggregate', 'rank', 'output'].includes(n.kind));
        const target = editable[pick % editable.length];
        const config = structuredClone(target.config) as Record<string, unknown>;
        // An edit that may break the node or change its columns: a renamed new column, a rule on another field.
        if (change % 3 === 0 && 'as' in config) config.as = `renamed_${change}`;
        else if (change % 3 === 1 && 'condition' in config) config.condition = { combinator: 'and', rules: [{ field: change % 2 ? 'age' : 'no_such_field', operator: '>', value: 1 }] };
        else config.label = 'touched';
        const edited = { ...document, nodes: document.nodes.map((n) => (n === target ? { ...n, config } : n)) };
        const incremental = analyzeWorkflow(edited, { sources: RECIPE_SOURCES, remember: true });
        const scratch = analyzeWorkflow(structuredClone(edited), { sources: structuredClone(RECIPE_SOURCES) });
        expect(incremental.problems).toEqual(scratch.problems);
        expect([...incremental.schemas]).toEqual([...scratch.schemas]);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps the same objects of an edited document checked once, and sees the edited one', () => {
    const remembering = { sources: SOURCES, remember: true };
    const first = analyzeWorkflow(valid, remembering);
    const edited = { ...valid, nodes: valid.nodes.map((n) => (n.id === 'k' ? { ...n, config: { as: 'score', formula: 'income / 0 +' } } : n)) };
    expect(validateWorkflow(edited, remembering)).toContainEqual(expect.objectContaining({ code: 'invalid_config', nodeId: 'k' }));
    expect(analyzeWorkflow(valid, remembering).nodes.get('f')!.config).toBe(first.nodes.get('f')!.config);
  });

  /** The ids of the nodes whose infer ran while `analyze` did. */
  const inferred = (analyze: () => void) => {
    const ran: string[] = [];
    for (const kind of ['source', 'compute', 'filter', 'output']) {
      const definition = getNodeDefinition(kind)!;
      const infer = definition.infer.bind(definition);
      vi.spyOn(definition, 'infer').mockImplementation((ctx) => (ran.push(ctx.nodeId), infer(ctx)));
    }
    analyze();
    vi.restoreAllMocks();
    return ran;
  };
  afterEach(() => vi.restoreAllMocks());

  it('asked to remember (the editor), infers again only the edited node and what lies below it', () => {
    const kept = doc([source('c'), compute('k', 'score', 'income / 1000'), filter('f', rule('score', '>', 10)), output('out')], chain('c', 'k', 'f', 'out'));
    analyzeWorkflow(kept, { sources: SOURCES, remember: true });
    const edited = { ...kept, nodes: kept.nodes.map((n) => (n.id === 'k' ? { ...n, config: { as: 'score', formula: 'income / 10' } } : n)) };
    expect(inferred(() => analyzeWorkflow(edited, { sources: SOURCES, remember: true }))).toEqual(['k', 'f', 'out']);
    // A filter passes its input's columns on as they are: below an edited filter nothing needs inferring again.
    const refiltered = { ...edited, nodes: edited.nodes.map((n) => (n.id === 'f' ? { ...n, config: structuredClone(n.config) } : n)) };
    expect(inferred(() => analyzeWorkflow(refiltered, { sources: SOURCES, remember: true }))).toEqual(['f']);
  });

  it('not asked to remember (a request body), keeps nothing: the same objects are inferred again', () => {
    const kept = doc([source('c'), compute('k', 'score', 'income / 1000'), filter('f', rule('score', '>', 10)), output('out')], chain('c', 'k', 'f', 'out'));
    analyzeWorkflow(kept, { sources: SOURCES });
    expect(inferred(() => analyzeWorkflow(kept, { sources: SOURCES }))).toEqual(['c', 'k', 'f', 'out']);
  });

  it('names no source by a property every object has', () => {
    const problemsFor = (id: string) => codes(validateWorkflow(doc([source(id), output('out')], chain(id, 'out')), { sources: SOURCES }));
    expect(problemsFor('constructor')).toEqual(problemsFor('nofacts'));
  });
});

describe('invalid_document', () => {
  it.each([
    ['a string', 'hello'],
    ['null', null],
    ['an array', []],
    ['a wrong schemaVersion', { schemaVersion: 2, nodes: [] }],
    ['nodes that are not a list', { schemaVersion: 1, nodes: {} }],
    ['an edge without a target', { schemaVersion: 1, nodes: [], edges: [{ source: 'a' }] }],
  ])('is reported for %s', (_, input) => {
    const problems = validateWorkflow(input);
    expect(problems.length).toBeGreaterThan(0);
    expect(codes(problems)).toEqual(['invalid_document']);
    expect(problems.every((p) => p.severity === 'error')).toBe(true);
  });

  it('names the node whose fields do not match the schema', () => {
    const problems = validateWorkflow({ schemaVersion: 1, nodes: [{ id: 'good', kind: 'filter' }, { id: 'bad', kind: 42 }], edges: [] });
    expect(problems).toEqual([expect.objectContaining({ code: 'invalid_document', nodeId: 'bad' })]);
  });

  it('is reported for a node id that is not 1-64 letters, digits, _ or -', () => {
    for (const id of ['', 'has space', 'x'.repeat(65), 'semi;colon'])
      expect(codes(validateWorkflow(doc([node(id, 'filter')])))).toEqual(['invalid_document']);
  });

  it('is reported for a document nested absurdly deep, without overflowing the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(codes(validateWorkflow({ schemaVersion: 1, nodes: [], edges: [], x: deep }))).toEqual(['invalid_document']);
  });
});

describe('duplicate_id', () => {
  it('is reported on the repeated node id', () => {
    const problems = problemsOf([source('c'), filter('f'), filter('f'), output('out')], chain('c', 'f', 'out'));
    expect(withCode(problems, 'duplicate_id')).toEqual([expect.objectContaining({ severity: 'error', nodeId: 'f' })]);
  });

  it('counts an output that repeats an id as an output of that id: nothing is told it leads nowhere', () => {
    const problems = problemsOf([source('c'), filter('f'), output('f')], chain('c', 'f'));
    expect(problems).toEqual([expect.objectContaining({ code: 'duplicate_id', nodeId: 'f' })]);
  });

  it('is reported on a repeated edge id, with the edge and its target', () => {
    const problems = problemsOf([source('c'), filter('f'), filter('g'), output('out')], [
      edge('c', 'f', undefined, 'e1'), edge('c', 'g', undefined, 'e1'), edge('f', 'out'),
    ]);
    expect(withCode(problems, 'duplicate_id')).toEqual([expect.objectContaining({ edgeId: 'e1', nodeId: 'g' })]);
  });
});

describe('duplicate edges', () => {
  it('reports the same output joined twice to the same port, on the edge and its target', () => {
    const problems = problemsOf([source('c'), filter('f'), output('out')], [edge('c', 'f'), edge('c', 'f', 'in', 'again'), edge('f', 'out')]);
    expect(problems).toEqual([expect.objectContaining({ severity: 'error', edgeId: 'again', nodeId: 'f' })]);
  });

  it('finds every repeat into a node with several inputs, the first edge in or a later one', () => {
    const problems = problemsOf([source('c'), filter('f'), filter('g'), node('u', 'union'), output('out')], [
      edge('c', 'f'), edge('c', 'g'), edge('f', 'u', 'in', 'u1'), edge('g', 'u', 'in', 'u2'), edge('g', 'u', 'in', 'u3'), edge('f', 'u', 'in', 'u4'), edge('u', 'out'),
    ]);
    expect(withCode(problems, 'duplicate_edge')).toEqual([
      expect.objectContaining({ edgeId: 'u3', nodeId: 'u' }), expect.objectContaining({ edgeId: 'u4', nodeId: 'u' }),
    ]);
    expect(problems.filter((p) => p.code !== 'duplicate_edge')).toEqual([]);
  });

  it('treats an edge without targetPort as one to `in`', () => {
    const problems = problemsOf([source('c'), filter('f'), output('out')], [edge('c', 'f'), edge('c', 'f', 'in'), edge('f', 'out')]);
    expect(problems).toHaveLength(1);
  });
});

describe('unknown_kind', () => {
  it('is reported on the node with the kind it does not know', () => {
    const problems = problemsOf([source('c'), node('w', 'webhook'), output('out')], chain('c', 'w', 'out'));
    expect(withCode(problems, 'unknown_kind')).toEqual([expect.objectContaining({ severity: 'error', nodeId: 'w' })]);
    expect(withCode(problems, 'unknown_kind')[0].message).toContain('webhook');
  });
});

describe('unknown_node', () => {
  it('is reported for an edge to a node that does not exist, with the edge id', () => {
    const problems = problemsOf([source('c'), output('out')], [edge('c', 'out', undefined, 'ok'), edge('c', 'ghost', undefined, 'e9')]);
    expect(withCode(problems, 'unknown_node')).toEqual([expect.objectContaining({ severity: 'error', edgeId: 'e9' })]);
    expect(withCode(problems, 'unknown_node')[0].message).toContain('ghost');
  });

  it('carries the edge\'s target as nodeId when the missing end is the source', () => {
    const problems = problemsOf([source('c'), filter('f'), output('out')], [edge('ghost', 'f', undefined, 'e1'), edge('c', 'f'), edge('f', 'out')]);
    expect(withCode(problems, 'unknown_node')).toEqual([expect.objectContaining({ edgeId: 'e1', nodeId: 'f' })]);
  });

  it('names an edge without an id by its place in the list', () => {
    const problems = problemsOf([source('c'), output('out')], [edge('c', 'out'), edge('c', 'ghost')]);
    expect(withCode(problems, 'unknown_node')[0].edgeId).toBeTruthy();
  });
});

describe('cycle', () => {
  it('gives every node on the cycle the problem, with a message naming them all', () => {
    const problems = problemsOf(
      [source('c'), filter('a'), filter('b'), filter('d'), node('u', 'union'), output('out')],
      [edge('c', 'u'), edge('d', 'u'), ...chain('u', 'a', 'b', 'd'), edge('u', 'out')],
    );
    const cycle = withCode(problems, 'cycle');
    expect(cycle.map((p) => p.nodeId).sort()).toEqual(['a', 'b', 'd', 'u']);
    for (const p of cycle) {
      expect(p.severity).toBe('error');
      for (const id of ['a', 'b', 'd', 'u']) expect(p.message).toContain(id);
    }
  });

  it('reports a node joined to itself', () => {
    const problems = problemsOf([source('c'), node('u', 'union'), output('out')], [edge('c', 'u'), edge('u', 'u'), edge('u', 'out')]);
    expect(withCode(problems, 'cycle')).toEqual([expect.objectContaining({ nodeId: 'u' })]);
  });

  it('reports two cycles separately, each node once', () => {
    const problems = problemsOf(
      [source('c'), node('u1', 'union'), filter('a'), node('u2', 'union'), filter('b'), output('o1'), output('o2')],
      [edge('c', 'u1'), edge('a', 'u1'), edge('u1', 'a'), edge('c', 'u2'), edge('b', 'u2'), edge('u2', 'b'), edge('u1', 'o1'), edge('u2', 'o2')],
    );
    const cycle = withCode(problems, 'cycle');
    expect(cycle.map((p) => p.nodeId).sort()).toEqual(['a', 'b', 'u1', 'u2']);
    expect(cycle.find((p) => p.nodeId === 'a')!.message).not.toContain('u2');
  });
});

describe('missing_input', () => {
  it('is reported on a filter with nothing coming in', () => {
    const problems = problemsOf([source('c'), filter('f'), output('out')], chain('f', 'out'));
    expect(withCode(problems, 'missing_input')).toEqual([expect.objectContaining({ severity: 'error', nodeId: 'f' })]);
  });

  it('is reported on an aggregate without events', () => {
    const problems = problemsOf([source('c'), node('a', 'aggregate', { as: 'n', fn: 'count' }), output('out')], chain('c', 'a', 'out'));
    expect(withCode(problems, 'missing_input')).toEqual([expect.objectContaining({ nodeId: 'a' })]);
    expect(withCode(problems, 'missing_input')[0].message).toContain('events');
  });

  it('is reported on an intersect with one input, which needs two', () => {
    const problems = problemsOf([source('c'), node('i', 'intersect'), output('out')], chain('c', 'i', 'out'));
    expect(withCode(problems, 'missing_input')).toEqual([expect.objectContaining({ nodeId: 'i' })]);
  });

  it('is reported on an exclude with nothing to remove', () => {
    const problems = problemsOf([source('c'), node('x', 'exclude'), output('out')], chain('c', 'x', 'out'));
    expect(withCode(problems, 'missing_input')).toEqual([expect.objectContaining({ nodeId: 'x' })]);
  });
});

describe('too_many_inputs', () => {
  it('is reported on a filter fed by two nodes', () => {
    const problems = problemsOf([source('c'), source('c2'), filter('f'), output('out')], [edge('c', 'f'), edge('c2', 'f'), edge('f', 'out')]);
    expect(withCode(problems, 'too_many_inputs')).toEqual([expect.objectContaining({ severity: 'error', nodeId: 'f' })]);
  });

  it('is reported on an aggregate fed two event streams', () => {
    const problems = problemsOf(
      [source('c'), events('ev'), events('ev2'), node('a', 'aggregate', { as: 'n', fn: 'count' }), output('out')],
      [edge('c', 'a'), edge('ev', 'a', 'events'), edge('ev2', 'a', 'events'), edge('a', 'out')],
    );
    expect(withCode(problems, 'too_many_inputs')).toEqual([expect.objectContaining({ nodeId: 'a' })]);
  });
});

describe('wrong_input', () => {
  it('is reported for profiles into an events port, on the edge and its target', () => {
    const problems = problemsOf(
      [source('c'), source('c2'), node('a', 'aggregate', { as: 'n', fn: 'count' }), output('out')],
      [edge('c', 'a'), edge('c2', 'a', 'events', 'e2'), edge('a', 'out')],
    );
    expect(withCode(problems, 'wrong_input')).toEqual([expect.objectContaining({ severity: 'error', edgeId: 'e2', nodeId: 'a' })]);
  });

  it('is reported for events into a customers port', () => {
    const problems = problemsOf([events('ev'), filter('f'), output('out')], [edge('ev', 'f', 'in', 'e1'), edge('f', 'out')]);
    expect(withCode(problems, 'wrong_input')).toEqual([expect.objectContaining({ edgeId: 'e1', nodeId: 'f' })]);
  });

  it('is reported for an edge to a port the node lacks', () => {
    const problems = problemsOf([source('c'), filter('f'), output('out')], [edge('c', 'f'), edge('c', 'f', 'minus', 'e2'), edge('f', 'out')]);
    const wrong = withCode(problems, 'wrong_input');
    expect(wrong).toEqual([expect.objectContaining({ edgeId: 'e2', nodeId: 'f' })]);
    expect(wrong[0].message).toContain('on its Customers or Events input');
    expect(wrong[0].message).not.toContain('minus');
  });

  it('is reported for an edge out of an output or into a source', () => {
    const problems = problemsOf([source('c'), output('out'), filter('f'), source('c2')], [edge('c', 'out'), edge('out', 'f', 'in', 'e2'), edge('c', 'c2', 'in', 'e3')]);
    expect(withCode(problems, 'wrong_input').map((p) => p.edgeId).sort()).toEqual(['e2', 'e3']);
  });
});

describe('unknown_field', () => {
  it('is reported for a filter on a column nobody upstream makes, with the field', () => {
    expect(withCode(filtered(rule('Income', '>', 1)), 'unknown_field')).toEqual([
      expect.objectContaining({ severity: 'error', nodeId: 'f', field: 'Income' }),
    ]);
  });

  it('is reported for a rule inside a nested group', () => {
    const problems = problemsOf(
      [source('c'), node('f', 'filter', { condition: { combinator: 'and', rules: [{ combinator: 'or', rules: [rule('ghost', 'null')] }] } }), output('out')],
      chain('c', 'f', 'out'),
    );
    expect(withCode(problems, 'unknown_field')).toEqual([expect.objectContaining({ nodeId: 'f', field: 'ghost' })]);
  });

  it('is reported for a column made on a different branch', () => {
    const problems = problemsOf(
      [source('c'), compute('k', 'score', 'income * 2'), filter('f', rule('score', '>', 1)), output('o1'), output('o2')],
      [edge('c', 'k'), edge('c', 'f'), edge('k', 'o1'), edge('f', 'o2')],
    );
    expect(withCode(problems, 'unknown_field')).toEqual([expect.objectContaining({ nodeId: 'f', field: 'score' })]);
  });

  it('is reported for aggregate.column the events lack', () => {
    const problems = problemsOf(
      [source('c'), events('ev'), node('a', 'aggregate', { as: 'spend', fn: 'sum', column: 'price' }), output('out')],
      [edge('c', 'a'), edge('ev', 'a', 'events'), edge('a', 'out')],
    );
    expect(withCode(problems, 'unknown_field')).toEqual([expect.objectContaining({ nodeId: 'a', field: 'price' })]);
  });

  it('is reported for an aggregate.where rule on a customer column (the events lack it)', () => {
    const problems = problemsOf(
      [source('c'), events('ev'), node('a', 'aggregate', { as: 'n', fn: 'count', where: { combinator: 'and', rules: [rule('income', '>', 1)] } }), output('out')],
      [edge('c', 'a'), edge('ev', 'a', 'events'), edge('a', 'out')],
    );
    expect(withCode(problems, 'unknown_field')).toEqual([expect.objectContaining({ nodeId: 'a', field: 'income' })]);
  });

  it('is reported for rank.by, output.fields and a formula column', () => {
    const problems = problemsOf(
      [source('c'), node('r', 'rank', { as: 'pct', fn: 'percent_rank', by: 'spend' }), output('o1'),
        compute('k', 'x', 'spend + 1'), output('o2', { fields: ['name', 'nickname'] })],
      [...chain('c', 'r', 'o1'), edge('c', 'k'), edge('c', 'o2')],
    );
    const fields = withCode(problems, 'unknown_field').map((p) => `${p.nodeId}:${p.field ?? ''}`).sort();
    expect(fields).toContain('r:spend');
    expect(fields).toContain('o2:nickname');
    expect(withCode(problems, 'unknown_field').some((p) => p.nodeId === 'k')).toBe(true);
  });

  it('is reported when the key column is not in the file', () => {
    const problems = problemsOf([source('c', { key: 'customer_id' }), output('out')], chain('c', 'out'));
    expect(withCode(problems, 'unknown_field')).toEqual([expect.objectContaining({ nodeId: 'c', field: 'customer_id' })]);
  });

  it('treats a hostile field name as a name, not SQL', () => {
    expect(withCode(filtered(rule('id"; DROP TABLE x; --', '=', 1)), 'unknown_field')).toEqual([
      expect.objectContaining({ field: 'id"; DROP TABLE x; --' }),
    ]);
  });
});

describe('type_mismatch', () => {
  it('is reported for a string value on an integer field', () => {
    expect(withCode(filtered(rule('kids', '=', '2')), 'type_mismatch')).toEqual([
      expect.objectContaining({ severity: 'error', nodeId: 'f', field: 'kids' }),
    ]);
  });

  it('is reported for contains on a number', () => {
    expect(withCode(filtered(rule('income', 'contains', '5')), 'type_mismatch')).toEqual([expect.objectContaining({ nodeId: 'f', field: 'income' })]);
  });

  it.each([
    ['a number on a string field', rule('name', '=', 5)],
    ['"true" on a boolean', rule('vip', '=', 'true')],
    ['a malformed date', rule('signup', '>', '2022-13-01')],
    ['a date in another format', rule('signup', '>', '01/02/2022')],
    ['a non-ISO timestamp', rule('seen', '<', 'yesterday')],
    ['in with a scalar', rule('kids', 'in', 2)],
    ['in with a mixed list', rule('kids', 'in', [1, '2'])],
    ['between with one end', rule('income', 'between', [1])],
    ['withinLastDays on a number', rule('income', 'withinLastDays', 30)],
    ['withinLastDays with a fraction', rule('signup', 'withinLastDays', 1.5)],
    ['ordering booleans', rule('vip', '<', true)],
  ])('is reported for %s', (_, r) => {
    expect(withCode(filtered(r), 'type_mismatch')).toHaveLength(1);
  });

  it.each([
    ['an integer value on a number field', rule('income', '>=', 50000)],
    ['a date', rule('signup', '<', '2022-02-28')],
    ['a timestamp with an offset', rule('seen', '>', '2022-01-01T10:00:00+02:00')],
    ['an empty in list', rule('name', 'in', [])],
    ['null with no value', rule('income', 'null')],
  ])('is not reported for %s', (_, r) => {
    expect(filtered(r)).toEqual([]);
  });

  it('is reported for sum over a text column', () => {
    const problems = problemsOf(
      [source('c'), events('ev'), node('a', 'aggregate', { as: 's', fn: 'sum', column: 'category' }), output('out')],
      [edge('c', 'a'), edge('ev', 'a', 'events'), edge('a', 'out')],
    );
    expect(withCode(problems, 'type_mismatch')).toEqual([expect.objectContaining({ nodeId: 'a', field: 'category' })]);
  });
});

describe('field_conflict', () => {
  const twoScores = (config: Record<string, unknown>) =>
    problemsOf(
      [source('c'), compute('k1', 'score', 'income'), compute('k2', 'score', 'kids'), node('i', 'intersect', config), output('out')],
      [edge('c', 'k1'), edge('c', 'k2'), edge('k1', 'i'), edge('k2', 'i'), edge('i', 'out')],
    );

  it('is reported when two different computed columns of one name meet in an intersect', () => {
    expect(withCode(twoScores({}), 'field_conflict')).toEqual([expect.objectContaining({ severity: 'error', nodeId: 'i', field: 'score' })]);
  });

  it('is not reported when the conflict setting resolves it', () => {
    expect(withCode(twoScores({ conflict: 'first' }), 'field_conflict')).toEqual([]);
    expect(withCode(twoScores({ conflict: 'last' }), 'field_conflict')).toEqual([]);
  });

  it('is not reported when the same column arrives along two paths', () => {
    const problems = problemsOf(
      [source('c'), compute('k', 'score', 'income / 2'), filter('f1', rule('score', '>', 1)), filter('f2', rule('kids', '=', 0)),
        node('i', 'intersect'), node('u', 'union'), output('o1'), output('o2')],
      [edge('c', 'k'), edge('k', 'f1'), edge('k', 'f2'), edge('f1', 'i'), edge('f2', 'i'), edge('f1', 'u'), edge('f2', 'u'), edge('i', 'o1'), edge('u', 'o2')],
    );
    expect(problems).toEqual([]);
  });

  it('is reported in a lookup bringing a column the customers already have, unless conflict says which wins', () => {
    const look = (config: Record<string, unknown>) =>
      problemsOf([source('c'), source('c2'), node('l', 'lookup', { fields: ['income'], ...config }), output('out')],
        [edge('c', 'l'), edge('c2', 'l', 'lookup'), edge('l', 'out')]);
    expect(withCode(look({}), 'field_conflict')).toEqual([expect.objectContaining({ nodeId: 'l', field: 'income' })]);
    expect(look({ conflict: 'keep_in' })).toEqual([]);
    expect(look({ conflict: 'keep_lookup' })).toEqual([]);
  });
});

describe('duplicate_segment', () => {
  it('is reported on the second output naming the same segment', () => {
    const problems = problemsOf(
      [source('c'), output('o1', { segment: 'vip' }), output('o2', { segment: 'vip' })],
      [edge('c', 'o1'), edge('c', 'o2')],
    );
    expect(withCode(problems, 'duplicate_segment')).toEqual([expect.objectContaining({ severity: 'error', nodeId: 'o2' })]);
  });
});

describe('invalid_config', () => {
  it('is reported for a formula that does not parse, with the position', () => {
    const problems = problemsOf([source('c'), compute('k', 'x', 'income + * 2'), output('out')], chain('c', 'k', 'out'));
    const bad = withCode(problems, 'invalid_config');
    expect(bad).toEqual([expect.objectContaining({ severity: 'error', nodeId: 'k', position: 9 })]);
  });

  it('is reported for a node without its config', () => {
    const problems = problemsOf([source('c'), { id: 'f', kind: 'filter' }, output('out')], chain('c', 'f', 'out'));
    expect(withCode(problems, 'invalid_config')).toEqual([expect.objectContaining({ nodeId: 'f' })]);
  });

  it.each([
    ['an unknown aggregate fn', node('x', 'aggregate', { as: 'n', fn: 'median' })],
    ['an output with a bad segment name', output('x', { segment: 'no spaces' })],
    ['an output with an unknown destination type', output('x', { destination: { type: 'ftp', path: 'x' } })],
    ['expect with min above max', output('x', { expect: { min: 5, max: 1 } })],
    ['a filter with an unknown operator', filter('x', rule('name', 'like', 'a%'))],
    ['a source without a path', node('x', 'source', { format: 'csv', key: 'id' })],
  ])('is reported for %s', (_, n) => {
    const problems = validateWorkflow(doc([n]));
    expect(withCode(problems, 'invalid_config')).toEqual(expect.arrayContaining([expect.objectContaining({ nodeId: 'x' })]));
  });

  it('is reported for ntile without buckets and for a count given a column', () => {
    const problems = problemsOf(
      [source('c'), events('ev'), node('r', 'rank', { as: 't', fn: 'ntile', by: 'income' }), node('a', 'aggregate', { as: 'n', fn: 'count', column: 'amount' }), output('o1'), output('o2')],
      [...chain('c', 'r', 'o1'), ...chain('c', 'a', 'o2'), edge('ev', 'a', 'events')],
    );
    expect(withCode(problems, 'invalid_config').map((p) => p.nodeId).sort()).toEqual(['a', 'r']);
  });

  it('is reported for a compute overwriting the key', () => {
    const problems = problemsOf([source('c'), compute('k', 'id', 'kids + 1'), output('out')], chain('c', 'k', 'out'));
    expect(withCode(problems, 'invalid_config')).toEqual([expect.objectContaining({ nodeId: 'k' })]);
  });
});

describe('unreadable_source', () => {
  it('is reported through checkWorkflow for a missing file, on the source node', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'segflow-missing-'));
    const analysis = await checkWorkflow(doc([source('c', { path: 'nope.csv' }), output('out')], chain('c', 'out')), {
      resolvePath: (p) => join(dir, p),
    });
    expect(withCode(analysis.problems, 'unreadable_source')).toEqual([expect.objectContaining({ severity: 'error', nodeId: 'c' })]);
  });

  it('is reported from source facts that say the file cannot be read', () => {
    const problems = validateWorkflow(doc([source('c'), output('out')], chain('c', 'out')), { sources: { c: { ok: false, message: 'gone' } } });
    expect(problems).toEqual([expect.objectContaining({ code: 'unreadable_source', nodeId: 'c' })]);
  });
});

describe('disconnected', () => {
  it('warns on a node that leads to no output', () => {
    const problems = problemsOf([source('c'), filter('dead', rule('kids', '>', 1)), output('out')], [edge('c', 'dead'), edge('c', 'out')]);
    expect(problems).toEqual([expect.objectContaining({ code: 'disconnected', severity: 'warning', nodeId: 'dead' })]);
  });
});

describe('no_output', () => {
  it('warns when nothing is delivered', () => {
    const problems = problemsOf([source('c'), filter('f', rule('kids', '>', 1))], chain('c', 'f'));
    expect(withCode(problems, 'no_output')).toEqual([expect.objectContaining({ severity: 'warning' })]);
    expect(problems.every((p) => p.severity === 'warning')).toBe(true);
  });
});

describe('dependency check through the DAG', () => {
  it('lets an aggregate\'s column flow to a filter two nodes down', () => {
    const problems = problemsOf(
      [source('c'), events('ev'), node('a', 'aggregate', { as: 'spend', fn: 'sum', column: 'amount' }), compute('k', 'half', 'spend / 2'),
        filter('f', rule('half', '>', 10), rule('spend', '<', 99)), output('out')],
      [...chain('c', 'a', 'k', 'f', 'out'), edge('ev', 'a', 'events')],
    );
    expect(problems).toEqual([]);
  });

  it('does not cascade: nodes below a broken node get no problems of their own', () => {
    const problems = problemsOf([source('c'), filter('f', rule('ghost', '=', 1)), filter('g', rule('name', '=', 'x')), output('out')], chain('c', 'f', 'g', 'out'));
    expect(problems.map((p) => `${p.code}:${p.nodeId}`)).toEqual(['unknown_field:f']);
  });
});
