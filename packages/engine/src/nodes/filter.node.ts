import { evaluateFilter } from '../evaluate/row-kinds.ts';
import { z } from 'zod';
import { checkCondition, compileCondition, conditionDepth, conditionText, shortText, conditionGroupSchema, conditionRules, eventRules, MAX_CONDITION_DEPTH } from '../conditions/index.ts';
import { plus } from './needed-columns.ts';
import { error } from '../model/problem.ts';
import { defineNode } from './define-node.ts';
import { columnTypes } from './column-types.ts';
import { sql } from '../sql/sql.ts';
import { checkEventKeys, checkEventRules, compileFilter, eventRuleSteps, ownSummary } from './event-rules.ts';

export const filterNode = defineNode({
  kind: 'filter',
  role: 'rule',
  label: 'Filter',
  help: 'Keep only the customers that match a set of rules.',
  icon: 'filter',
  scope: 'row',
  fields: [{ key: 'condition', label: 'Rules', widget: 'rule-builder' }],
  summary: (config) => shortText(conditionText(config.condition)),
  cheapToRecompute: true,
  passesValues: 'rows',
  columnsNeeded: (config, port, downstream) => (port === 'in' ? plus(downstream, conditionRules(config.condition).map((r) => r.field)) : 'all'),
  inputs: {
    in: { accepts: 'population', label: 'Customers' },
    // Only behaviour and sequence rules read it (spec: "Behaviour rules").
    events: { accepts: 'events', label: 'Events', min: 0 },
  },
  output: 'population',
  config: z.strictObject({ condition: conditionGroupSchema }),
  defaultConfig: () => ({ condition: { combinator: 'and', rules: [] } }),
  infer({ nodeId, config, inputs }) {
    const input = inputs.in[0];
    const events = inputs.events?.[0];
    if (conditionDepth(config.condition) > MAX_CONDITION_DEPTH)
      return { problems: [error('invalid_config', `Rule groups nest deeper than ${MAX_CONDITION_DEPTH} levels.`, { nodeId })] };
    const problems = [...checkCondition(config.condition, input, nodeId), ...checkEventRules(config.condition, input, events, nodeId)];
    if (events) problems.push(...checkEventKeys(input, events, nodeId));
    return { schema: input, problems };
  },
  compile: ({ nodeId, config, inputs, asOf, dialect }) => {
    const events = inputs.events?.[0];
    const summary = events && eventRules(config.condition).length ? ownSummary(nodeId, config.condition, events, asOf, dialect) : undefined;
    return compileFilter(nodeId, config.condition, inputs.in[0], summary, asOf, dialect);
  },
  // Read in WHERE clauses only (NULL counts as false there), and bare: DuckDB splits it into the scan's filters.
  rowCondition: ({ config, inputs, asOf, dialect }) => {
    if (inputs.events?.length) return undefined;
    const where = compileCondition(config.condition, { types: columnTypes(inputs.in[0].schema), asOf, unknownDrops: true, dialect });
    return where;
  },
  eventSummary: {
    steps: (nodeId, config) => eventRuleSteps(nodeId, config.condition),
    compile: ({ nodeId, config, customers, summary, asOf, dialect }) => compileFilter(nodeId, config.condition, customers, summary, asOf, dialect),
  },
  evaluate: evaluateFilter,
});
