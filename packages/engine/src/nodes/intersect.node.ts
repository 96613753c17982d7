import { ident, sql } from '../sql/sql.ts';
import { combineKindBase, combineSql } from './combine.ts';
import { defineNode } from './define-node.ts';

export const intersectNode = defineNode({
  kind: 'intersect',
  ...combineKindBase,
  label: 'Both (AND)',
  help: 'Customers who are in every incoming segment.',
  icon: 'git-merge',
  compile: (ctx) => {
    const first = ctx.inputs.in[0];
    return combineSql(ctx, sql`SELECT ${ident(first.schema.key)} AS k FROM ${first.from}`, 'JOIN');
  },
});
