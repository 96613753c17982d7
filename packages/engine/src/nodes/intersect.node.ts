import { evaluateIntersect } from '../evaluate/combine-kinds.ts';
import { allConditions, combineKindBase, intersectSql } from './combine.ts';
import { defineNode } from './define-node.ts';

export const intersectNode = defineNode({
  kind: 'intersect',
  ...combineKindBase,
  label: 'Both (AND)',
  help: 'Customers who are in every incoming segment.',
  icon: 'git-merge',
  passesValues: 'rows',
  compile: intersectSql,
  combineConditions: allConditions,
  evaluate: evaluateIntersect,
});
