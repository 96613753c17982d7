import { evaluateCompute } from '../evaluate/row-kinds.ts';
import { z } from 'zod';
import { analyzeFormula, formulaColumns } from '../formula/index.ts';
import { plus, withoutOwn } from './needed-columns.ts';
import { sql } from '../sql/sql.ts';
import { defineNode } from './define-node.ts';
import { checkNewColumn, newColumnField, newColumnName, selectWithColumn, withColumn } from './new-column.ts';
import { shortText } from '../conditions/index.ts';

export const computeNode = defineNode({
  kind: 'compute',
  role: 'enrichment',
  label: 'Formula',
  help: 'Add a column computed from other columns, e.g. spend / orders.',
  icon: 'calculator',
  scope: 'row',
  fields: [newColumnField, { key: 'formula', label: 'Formula', widget: 'formula' }],
  summary: ({ as, formula }) => shortText(`${as ?? '?'} = ${formula || '…'}`),
  cheapToRecompute: true,
  keepsEveryRow: true,
  passesValues: 'rows',
  columnsNeeded: (config, _port, downstream) => {
    const read = formulaColumns(config.formula);
    return read ? plus(withoutOwn(downstream, config.as), read) : 'all';
  },
  inputs: { in: { accepts: 'population', label: 'Customers' } },
  output: 'population',
  // The formula's length is the parser's to check: its problem says so in words, with a position.
  config: z.strictObject({ as: newColumnName, formula: z.string() }),
  defaultConfig: () => ({ as: 'score', formula: '' }),
  infer({ nodeId, config, inputs }) {
    const input = inputs.in[0];
    const analysis = analyzeFormula(config.formula, input, nodeId);
    const problems = [...checkNewColumn(config.as, input, nodeId), ...analysis.problems];
    if (!analysis.type) return { problems };
    return { schema: withColumn(input, config.as, analysis.type, nodeId), problems };
  },
  compile({ nodeId, config, inputs, asOf, dialect }) {
    const input = inputs.in[0];
    const analysis = analyzeFormula(config.formula, input.schema, nodeId);
    if (!analysis.compile) throw new Error(`compute ${nodeId}: compiled with formula problems`);
    return sql`SELECT ${selectWithColumn(input.schema, 'p', config.as, analysis.compile({ asOf, dialect }), dialect)} FROM ${input.from} AS p`;
  },
  evaluate: evaluateCompute,
});
