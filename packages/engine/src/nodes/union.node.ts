import { ident, join, sql } from '../sql/sql.ts';
import { combineKindBase, combineSql } from './combine.ts';
import { defineNode } from './define-node.ts';

export const unionNode = defineNode({
  kind: 'union',
  ...combineKindBase,
  label: 'Either (OR)',
  help: 'Customers who are in at least one incoming segment.',
  icon: 'merge',
  compile: (ctx) => {
    const keys = ctx.inputs.in.map((r) => sql`SELECT ${ident(r.schema.key)} AS k FROM ${r.from}`);
    return combineSql(ctx, join(keys, ' UNION '), 'LEFT JOIN');
  },
});
