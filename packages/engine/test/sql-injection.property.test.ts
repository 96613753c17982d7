import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeWorkflow } from '../src/validate/index.ts';
import { ident, raw, renderSql } from '../src/sql/sql.ts';
import type { SourceFacts } from '../src/nodes/source-facts.ts';

/**
 * Whatever a document says, its text reaches SQL only as bound parameters or
 * inside double-quoted identifiers. Every user string here carries a marker;
 * after removing quoted identifiers, the SQL text must not contain it.
 */
const MARK = 'ZQ';
const hostile = fc.constantFrom(`'; DROP TABLE t; --`, `" OR 1=1 --`, `\\"); SELECT 1; --`, `a"b`, `%_`, `$1`, `\u0000x`, `)) UNION SELECT`);
const userText = fc.tuple(fc.string({ maxLength: 8 }), hostile).map(([s, h]) => `${MARK}${s}${h}`);

const withoutIdentifiers = (text: string) => text.replace(/"(?:[^"]|"")*"/g, '""');

describe('compiled SQL keeps document text out of the statement', () => {
  it('holds for column names, rule values, formulas and labels', () => {
    fc.assert(
      fc.property(fc.array(userText, { minLength: 3, maxLength: 3 }), userText, userText, (cols, value, label) => {
        const [a, b, c] = cols.map((col, i) => `${col}${i}`);
        const facts: SourceFacts = { ok: true, columns: [
          { name: 'id', type: 'integer', duckType: 'BIGINT' },
          { name: a, type: 'string', duckType: 'VARCHAR' },
          { name: b, type: 'number', duckType: 'DOUBLE' },
          { name: c, type: 'date', duckType: 'DATE' },
        ] };
        const doc = {
          schemaVersion: 1, name: label,
          nodes: [
            { id: 'src', kind: 'source', label, config: { format: 'csv', path: `${MARK}.csv`, key: 'id', columns: { [c]: { type: 'date', format: `%Y${MARK}` } } } },
            { id: 'f', kind: 'filter', config: { condition: { combinator: 'or', rules: [
              { field: a, operator: 'contains', value }, { field: a, operator: 'in', value: [value, 'x'] },
              { field: a, operator: 'notIn', value: Array.from({ length: 150 }, (_, i) => `${value}${i}`) },
              { field: b, operator: 'between', value: [1, 2] }, { field: c, operator: 'withinLastDays', value: 30 },
              { combinator: 'and', not: true, rules: [{ field: a, operator: '=', value }] },
              { behavior: { fn: 'sum', column: b, where: { combinator: 'and', rules: [{ field: a, operator: 'contains', value }] }, withinDays: 30 }, operator: '>', value: 1 },
              { behavior: { fn: 'max', column: a }, operator: '=', value },
              { sequence: { first: { combinator: 'and', rules: [{ field: a, operator: '=', value }] }, lookbackDays: 7,
                then: { combinator: 'and', rules: [{ field: a, operator: 'beginsWith', value }] }, withinDays: 2 }, operator: 'notFollowedBy' },
            ] } } },
            { id: 'ev', kind: 'events', config: { format: 'csv', path: `${MARK}e.csv`, key: 'id', timestamp: c } },
            { id: 's', kind: 'split', config: { as: `${MARK}arm`, seed: value.slice(0, 64), groups: [{ name: value.slice(0, 60), percent: 50 }, { name: `${value.slice(0, 60)}2`, percent: 50 }] } },
            { id: 'k', kind: 'compute', config: { as: `${MARK}new`, formula: `if("${a.replaceAll('"', '""')}" = '${value.replaceAll("'", "''")}', 1, 2)` } },
            { id: 'r', kind: 'rank', config: { as: `${MARK}rank`, fn: 'percent_rank', by: b, partitionBy: a } },
            { id: 'o', kind: 'output', config: { segment: 'seg', destination: { type: 'csv', path: `${MARK}.csv` }, fields: [a, `${MARK}rank`] } },
          ],
          edges: [{ source: 'src', target: 'f' }, { source: 'ev', target: 'f', targetPort: 'events' }, { source: 'f', target: 'k' }, { source: 'k', target: 's' }, { source: 's', target: 'r' }, { source: 'r', target: 'o' }],
        };
        const analysis = analyzeWorkflow(doc, { sources: { src: facts, ev: facts } });
        expect(analysis.problems.filter((p) => p.severity === 'error')).toEqual([]);
        for (const id of analysis.order) {
          const node = analysis.nodes.get(id)!;
          const inputs = Object.fromEntries(Object.keys(node.definition.inputs).map((port) => [port,
            (analysis.adjacency.incoming.get(id) ?? []).filter((e) => e.targetPort === port).map((e) => ({ from: ident(`t_${e.source}`), schema: analysis.schemas.get(e.source)! }))]));
          const ctx = { nodeId: id, config: node.config, inputs, output: analysis.schemas.get(id)!, asOf: raw("DATE '2024-01-01'"), raw: ident('raw'), source: facts };
          const statements = [node.definition.compile(ctx), ...(node.definition.quality ? [node.definition.quality(ctx)] : [])];
          for (const statement of statements) {
            const { text } = renderSql(statement);
            expect(withoutIdentifiers(text)).not.toContain(MARK);
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
