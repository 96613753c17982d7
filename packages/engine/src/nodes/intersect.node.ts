import { ident, sql } from '../sql/sql.ts';
import { combineConfig, combineSql, inferCombine } from './combine.ts';
import { defineNode } from './define-node.ts';

export const intersectNode = defineNode({
  kind: 'intersect',
  role: 'combine',
  label: 'Both (AND)',
  help: 'Customers who are in every incoming segment.',
  icon: 'git-merge',
  scope: 'row',
  inputs: { in: { accepts: 'population', many: true, min: 2, label: 'Segments' } },
  output: 'population',
  config: combineConfig,
  defaultConfig: () => ({}),
  infer: (ctx) => inferCombine(ctx),
  compile: (ctx) => {
    const first = ctx.inputs.in[0];
    return combineSql(ctx, sql`SELECT ${ident(first.schema.key)} AS k FROM ${first.from}`, 'JOIN');
  },
});
