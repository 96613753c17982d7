import { evaluateExclude } from '../evaluate/combine-kinds.ts';
import { z } from 'zod';
import { join, sql } from '../sql/sql.ts';
import { duckdbDialect } from '../sql/dialects/index.ts';
import { checkKeys, portsHint } from './combine.ts';
import { defineNode } from './define-node.ts';

export const excludeNode = defineNode({
  kind: 'exclude',
  role: 'combine',
  label: 'Exclude (AND NOT)',
  help: 'Customers of the first segment who are in none of the others.',
  icon: 'circle-minus',
  scope: 'row',
  fields: [portsHint],
  inputs: {
    in: { accepts: 'population', label: 'Keep' },
    minus: { accepts: 'population', many: true, min: 1, label: 'Remove' },
  },
  output: 'population',
  passesValues: 'rows',
  // Removed customers are matched on the key alone.
  columnsNeeded: (_config, port, downstream) => (port === 'in' ? downstream : new Set()),
  config: z.strictObject({}),
  defaultConfig: () => ({}),
  infer: ({ nodeId, inputs }) => ({ schema: inputs.in[0], problems: checkKeys([inputs.in[0], ...inputs.minus], nodeId) }),
  compile: ({ inputs, dialect = duckdbDialect }) =>
    dialect.withoutMatches({ from: inputs.in[0].from, key: inputs.in[0].schema.key }, inputs.minus.map((m) => ({ from: m.from, key: m.schema.key }))),
  // Kept rows that meet none of the removed ones' conditions: a rule on a missing value is NULL, which is not "met".
  combineConditions: (conditions) => sql`(${join([conditions.in[0], ...conditions.minus.map((c) => sql`NOT coalesce((${c}), false)`)], ' AND ')})`,
  evaluate: evaluateExclude,
});
