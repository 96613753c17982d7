import { evaluateSplit } from '../evaluate/row-kinds.ts';
import { z } from 'zod';
import { error, type Problem } from '../model/problem.ts';
import { ident, intLiteral, join, sql, type Sql } from '../sql/sql.ts';
import { bucketsOf, groupBounds, SPLIT_BUCKETS, type SplitGroup } from '../split/split-assignment.ts';
import { defineNode } from './define-node.ts';
import { duckdbDialect, type Dialect } from '../sql/dialects/index.ts';
import { shortText } from '../conditions/index.ts';
import { checkNewColumn, newColumnName, selectWithColumn, withColumn } from './new-column.ts';
import { withoutOwn } from './needed-columns.ts';

const splitConfig = z.strictObject({
  as: newColumnName.optional(),
  seed: z.string().min(1).max(64),
  groups: z.array(z.strictObject({ name: z.string().min(1).max(64), percent: z.number() })).min(2).max(20),
});
export type SplitConfig = z.infer<typeof splitConfig>;

export const DEFAULT_SPLIT_COLUMN = 'group';

/** The percents must be whole hundredths of a percent, above 0, summing to exactly 100. */
export function checkGroups(groups: readonly SplitGroup[], nodeId: string): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  groups.forEach((g, i) => {
    const field = `groups[${i}]`;
    if (seen.has(g.name)) problems.push(error('invalid_config', `Two groups are called "${g.name}": give each group its own name.`, { nodeId, field: `${field}.name` }));
    seen.add(g.name);
    if (!(g.percent > 0) || Math.abs(g.percent * 100 - bucketsOf(g.percent)) > 1e-6)
      problems.push(error('invalid_config', `Group "${g.name}" must get more than 0% with at most two decimals (e.g. 12.5).`, { nodeId, field: `${field}.percent` }));
  });
  const total = groups.reduce((sum, g) => sum + bucketsOf(g.percent), 0);
  if (!problems.length && total !== SPLIT_BUCKETS)
    problems.push(error('invalid_config', `The group percents add up to ${total / 100}%, they must add up to exactly 100%.`, { nodeId, field: 'groups' }));
  return problems;
}

/**
 * The group of the customer whose key is `key`, as in `splitGroup`
 * (split-assignment.ts): md5 of "seed:key", its first 8 hex digits as a
 * number, mod 10000, then the first group whose range holds the bucket.
 */
export function splitGroupSql(config: SplitConfig, key: Sql, dialect: Dialect = duckdbDialect): Sql {
  const bucket = dialect.splitBucket(config.seed, key, SPLIT_BUCKETS);
  const bounds = groupBounds(config.groups);
  const cases = config.groups.slice(0, -1).map((g, i) => sql`WHEN ${bucket} < ${intLiteral(bounds[i])} THEN CAST(${g.name} AS VARCHAR)`);
  return sql`CASE ${join(cases, ' ')} ELSE CAST(${config.groups[config.groups.length - 1].name} AS VARCHAR) END`;
}

export const splitNode = defineNode({
  kind: 'split',
  role: 'enrichment',
  label: 'Split',
  help: 'Give every customer a stable group (test, control, holdout) by percent.',
  icon: 'split',
  scope: 'row',
  fields: [
    { key: 'as', label: 'Column naming each customer’s group', name: 'Group column', widget: 'text', mono: true, placeholder: DEFAULT_SPLIT_COLUMN },
    { key: 'seed', label: 'Seed', widget: 'text', mono: true, help: 'Same seed, same groups in every run; change it for a new draw.' },
    { key: 'groups', label: 'Groups', widget: 'split-groups' },
  ],
  summary: ({ groups }) => (Array.isArray(groups) && groups.length ? shortText(groups.map((g) => `${g.name} ${g.percent}%`).join(' / ')) : 'no groups yet'),
  cheapToRecompute: true,
  keepsEveryRow: true,
  passesValues: 'rows',
  columnsNeeded: (config, _port, downstream) => withoutOwn(downstream, config.as ?? DEFAULT_SPLIT_COLUMN),
  inputs: { in: { accepts: 'population', label: 'Customers' } },
  output: 'population',
  config: splitConfig,
  defaultConfig: () => ({ as: DEFAULT_SPLIT_COLUMN, seed: 'experiment-1', groups: [{ name: 'test', percent: 90 }, { name: 'holdout', percent: 10 }] }),
  infer({ nodeId, config, inputs }) {
    const input = inputs.in[0];
    const as = config.as ?? DEFAULT_SPLIT_COLUMN;
    const problems = [...checkNewColumn(as, input, nodeId), ...checkGroups(config.groups, nodeId)];
    return { schema: withColumn(input, as, 'string', nodeId), problems };
  },
  compile({ config, inputs, dialect }) {
    const input = inputs.in[0];
    const key = sql`p.${ident(input.schema.key)}`;
    return sql`SELECT ${selectWithColumn(input.schema, 'p', config.as ?? DEFAULT_SPLIT_COLUMN, splitGroupSql(config, key, dialect), dialect)} FROM ${input.from} AS p`;
  },
  evaluate: evaluateSplit,
});
