import { evaluateUnion } from '../evaluate/combine-kinds.ts';
import { anyCondition, combineKindBase, unionSql } from './combine.ts';
import { defineNode } from './define-node.ts';

export const unionNode = defineNode({
  kind: 'union',
  ...combineKindBase,
  label: 'Either (OR)',
  help: 'Customers who are in at least one incoming segment.',
  icon: 'merge',
  passesValues: 'union',
  compile: unionSql,
  combineConditions: anyCondition,
  evaluate: evaluateUnion,
});
