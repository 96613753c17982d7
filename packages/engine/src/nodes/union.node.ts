import { ident, join, sql } from '../sql/sql.ts';
import { combineConfig, combineSql, inferCombine } from './combine.ts';
import { defineNode } from './define-node.ts';

export const unionNode = defineNode({
  kind: 'union',
  role: 'combine',
  label: 'Either (OR)',
  help: 'Customers who are in at least one incoming segment.',
  icon: 'merge',
  scope: 'row',
  inputs: { in: { accepts: 'population', many: true, min: 2, label: 'Segments' } },
  output: 'population',
  config: combineConfig,
  defaultConfig: () => ({}),
  infer: (ctx) => inferCombine(ctx),
  compile: (ctx) => {
    const keys = ctx.inputs.in.map((r) => sql`SELECT ${ident(r.schema.key)} AS k FROM ${r.from}`);
    return combineSql(ctx, join(keys, ' UNION '), 'LEFT JOIN');
  },
});
