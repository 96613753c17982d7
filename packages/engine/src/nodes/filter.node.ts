import { evaluateFilter } from '../evaluate/row-kinds.ts';
import { z } from 'zod';
import { checkCondition, compileCondition, conditionDepth, conditionGroupSchema, conditionRules, MAX_CONDITION_DEPTH } from '../conditions/index.ts';
import { plus } from './needed-columns.ts';
import { error } from '../model/problem.ts';
import { sql } from '../sql/sql.ts';
import { defineNode } from './define-node.ts';
import { columnTypes } from './column-types.ts';

export const filterNode = defineNode({
  kind: 'filter',
  role: 'rule',
  label: 'Filter',
  help: 'Keep only the customers that match a set of rules.',
  icon: 'filter',
  scope: 'row',
  cheapToRecompute: true,
  passesValues: 'rows',
  columnsNeeded: (config, _port, downstream) => plus(downstream, conditionRules(config.condition).map((r) => r.field)),
  inputs: { in: { accepts: 'population', label: 'Customers' } },
  output: 'population',
  config: z.object({ condition: conditionGroupSchema }),
  defaultConfig: () => ({ condition: { combinator: 'and', rules: [] } }),
  infer({ nodeId, config, inputs }) {
    const input = inputs.in[0];
    if (conditionDepth(config.condition) > MAX_CONDITION_DEPTH)
      return { problems: [error('invalid_config', `Rule groups nest deeper than ${MAX_CONDITION_DEPTH} levels.`, { nodeId })] };
    return { schema: input, problems: checkCondition(config.condition, input, nodeId) };
  },
  compile: ({ config, inputs, asOf }) => {
    const input = inputs.in[0];
    return sql`SELECT * FROM ${input.from} WHERE ${compileCondition(config.condition, { types: columnTypes(input.schema), asOf, unknownDrops: true })}`;
  },
  evaluate: evaluateFilter,
});
