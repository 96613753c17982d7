import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoWorkflows } from '../demo/demo-workflows.ts';
import { NODE_DEFINITIONS } from '../nodes/registry.ts';
import { EXAMPLES, REPO_ROOT } from '../../test/shared-paths.ts';
import { doc, node, rule } from '../../test/workflow-builders.ts';
import { validateWorkflow } from './analyze-workflow.ts';
import { closestWord } from './closest-word.ts';

const configProblems = (document: unknown) => validateWorkflow(document).filter((p) => p.code === 'invalid_config' || p.code === 'invalid_document');
const bigSpenders = (config: Record<string, unknown>) => doc([{ ...node('big', 'filter', config), label: 'Big spenders' } as ReturnType<typeof node>]);

describe('unknown settings', () => {
  it('names a misspelt setting in plain words, with the one it most likely meant', () => {
    expect(configProblems(bigSpenders({ conditon: { combinator: 'and', rules: [] } }))).toContainEqual({
      severity: 'error', code: 'invalid_config', nodeId: 'big', field: 'conditon',
      message: "'Big spenders' has a setting 'conditon' that Segflow does not know; did you mean 'condition'?",
    });
  });

  it.each(NODE_DEFINITIONS.map((d) => [d.kind, d] as const))('refuses an unknown setting on a %s node', (kind, definition) => {
    const problems = configProblems(doc([node('n', kind, { ...definition.defaultConfig(), colour: 'red' })]));
    expect(problems).toContainEqual(expect.objectContaining({ code: 'invalid_config', nodeId: 'n', field: 'colour', message: expect.stringContaining(`${definition.label} 'n' has a setting 'colour' that Segflow does not know`) }));
  });

  it('names the rule or the place a nested unknown setting sits in', () => {
    const condition = { combinator: 'and', rules: [{ field: 'Income', opertor: '>', operator: '>', value: 5 }, { combinator: 'or', rules: [], nott: true }] };
    expect(configProblems(bigSpenders({ condition })).map((p) => p.message)).toEqual([
      "'Big spenders' has a setting 'opertor' in the rule on 'Income' that Segflow does not know; did you mean 'operator'?",
      "'Big spenders' has a setting 'nott' in a group of rules that Segflow does not know; did you mean 'not'?",
    ]);
    const output = node('o', 'output', { segment: 's', destination: { type: 'webhook', url: 'https://crm.example.com/h', urll: 'x' } });
    expect(configProblems(doc([output]))).toContainEqual(expect.objectContaining({
      field: 'destination.urll', message: "Segment output 'o' has a setting 'urll' in 'destination' that Segflow does not know; did you mean 'url'?",
    }));
  });

  it('accepts what the rule builder writes: ids on rules and groups, react-querybuilder\'s valueSource, not', () => {
    const condition = { id: 'g1', combinator: 'and', not: false, rules: [{ id: 'r1', field: 'Income', operator: '>', value: 5, valueSource: 'value' }, { id: 'g2', combinator: 'or', rules: [] }] };
    expect(configProblems(bigSpenders({ condition }))).toEqual([]);
  });

  it('keeps every shipped document free of unknown settings: the spec examples, the demos and the e2e fixtures', () => {
    const files = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'expected.json').map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
    const documents = [
      ...files(EXAMPLES),
      ...demoWorkflows({ customers: 'customers.parquet', events: 'events.parquet', outputs: 'out' }),
      ...files(join(REPO_ROOT, 'e2e/fixtures/workflows')),
    ];
    expect(documents.length).toBeGreaterThan(8);
    for (const document of documents) expect(configProblems(document), document.name).toEqual([]);
  });
});

describe('list sizes', () => {
  it('refuses a rule listing more values than a rule may hold, naming the node and the field', () => {
    const values = Array.from({ length: 60_000 }, (_, i) => `c${i}`);
    const problems = configProblems(bigSpenders({ condition: { combinator: 'and', rules: [rule('country', 'in', values)] } }));
    expect(problems).toEqual([{
      severity: 'error', code: 'invalid_config', nodeId: 'big', field: 'country',
      message: "'Big spenders' lists 60,000 values in the rule on 'country'; a rule can list at most 10,000.",
    }]);
  });
});

describe('closestWord', () => {
  it('picks the nearest candidate within a third of the word, or none', () => {
    expect(closestWord('conditon', ['as', 'condition'])).toBe('condition');
    expect(closestWord('Formula', ['formula', 'as'])).toBe('formula');
    expect(closestWord('colour', ['as', 'formula'])).toBeUndefined();
    expect(closestWord('x'.repeat(1000), ['x'])).toBeUndefined();
  });
});
