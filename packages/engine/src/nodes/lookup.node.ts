import { evaluateLookup } from '../evaluate/row-kinds.ts';
import { z } from 'zod';
import type { Schema } from '../model/column.ts';
import { error, type Problem } from '../model/problem.ts';
import { ident, join, raw, sql } from '../sql/sql.ts';
import { duckdbDialect } from '../sql/dialects/index.ts';
import { defineNode } from './define-node.ts';
import { shortText } from '../conditions/index.ts';
import { plus } from './needed-columns.ts';

const lookupConfig = z.strictObject({
  fields: z.array(z.string().min(1).max(256)).min(1).max(500),
  on: z.union([z.string().min(1).max(256), z.strictObject({ in: z.string().min(1).max(256), lookup: z.string().min(1).max(256) })]).optional(),
  conflict: z.enum(['keep_in', 'keep_lookup']).optional(),
});
type LookupConfig = z.infer<typeof lookupConfig>;

/** The join columns: `on` names one column of both sides, or one each; default both keys. */
function joinColumns(config: LookupConfig, input: Schema, lookup: Schema): { in: string; lookup: string } {
  if (typeof config.on === 'string') return { in: config.on, lookup: config.on };
  return config.on ?? { in: input.key, lookup: lookup.key };
}

const typeOf = (s: Schema, name: string) => s.columns.find((c) => c.name === name)?.type;

export const lookupNode = defineNode({
  kind: 'lookup',
  role: 'enrichment',
  label: 'Lookup',
  help: 'Bring columns in from another table, matched on a key.',
  icon: 'table-properties',
  scope: 'row',
  fields: [
    { label: 'Match customers on', widget: 'lookup-match', help: 'Empty: both tables’ keys.' },
    { key: 'fields', label: 'Columns to bring in', widget: 'columns', port: 'lookup' },
    {
      key: 'conflict', label: 'When a column already exists', name: 'Conflict', widget: 'select', emptyLabel: 'report it as a problem',
      options: [{ value: 'keep_in', label: 'keep the customer’s value' }, { value: 'keep_lookup', label: 'take the lookup’s value' }],
    },
  ],
  summary: ({ fields }) => (Array.isArray(fields) && fields.length ? shortText(`+ ${fields.join(', ')}`) : 'no columns chosen'),
  inputs: { in: { accepts: 'population', label: 'Customers' }, lookup: { accepts: 'population', label: 'Lookup table', broadcast: true } },
  output: 'population',
  // One row out per customer in (the lookup side is made unique), so their columns keep their values.
  passesValues: 'rows',
  // Customers: what is read downstream and the column matched on (a brought-in name asked of them is ignored). The lookup table: all of it.
  columnsNeeded: (config, port, downstream) => (port === 'in' ? plus(downstream, [typeof config.on === 'string' ? config.on : config.on?.in]) : 'all'),
  config: lookupConfig,
  defaultConfig: () => ({ fields: [] }),
  infer({ nodeId, config, inputs }) {
    const input = inputs.in[0];
    const lookup = inputs.lookup[0];
    const on = joinColumns(config, input, lookup);
    const problems: Problem[] = [];
    const inType = typeOf(input, on.in);
    const lookupType = typeOf(lookup, on.lookup);
    if (!inType) problems.push(error('unknown_field', `No column "${on.in}" reaches this node to match on.`, { nodeId, field: on.in }));
    if (!lookupType) problems.push(error('unknown_field', `The lookup table has no column "${on.lookup}".`, { nodeId, field: on.lookup }));
    if (inType && lookupType && inType !== lookupType)
      problems.push(error('type_mismatch', `Cannot match ${inType} "${on.in}" with ${lookupType} "${on.lookup}".`, { nodeId, field: on.in }));
    const columns = [...input.columns];
    for (const field of config.fields) {
      const type = typeOf(lookup, field);
      if (!type) {
        problems.push(error('unknown_field', `The lookup table has no column "${field}".`, { nodeId, field }));
        continue;
      }
      if (field === input.key) {
        problems.push(error('invalid_config', `"${field}" is the key column and cannot be brought in.`, { nodeId, field }));
        continue;
      }
      const existing = columns.findIndex((c) => c.name === field);
      if (existing < 0) columns.push({ name: field, type, origin: nodeId });
      else if (!config.conflict)
        problems.push(error('field_conflict', `"${field}" exists already: choose to keep the customer's value or the lookup's.`, { nodeId, field }));
      else if (config.conflict === 'keep_lookup') columns.splice(existing, 1, { name: field, type, origin: nodeId });
    }
    return { schema: { ...input, columns }, problems };
  },
  compile({ config, inputs, dialect = duckdbDialect }) {
    const input = inputs.in[0];
    const lookup = inputs.lookup[0];
    const on = joinColumns(config, input.schema, lookup.schema);
    const exists = (f: string) => input.schema.columns.some((c) => c.name === f);
    const brought = config.fields.filter((f) => !exists(f) || config.conflict === 'keep_lookup');
    const replaced = brought.filter(exists);
    const star = replaced.length ? dialect.starExcept(raw('i'), input.schema.columns.map((c) => c.name), replaced) : sql`i.*`;
    const fields = brought.map((f) => sql`l.${ident(f)}`);
    // One lookup row per match value, the first by the lookup's key, so no customer is doubled.
    const oneRow = sql`SELECT DISTINCT ON (${ident(on.lookup)}) ${ident(on.lookup)} AS __segflow_on${brought.length ? sql`, ${join(brought.map(ident), ', ')}` : sql``}
      FROM ${lookup.from} AS __segflow_lookup ORDER BY ${ident(on.lookup)}, ${ident(lookup.schema.key)}`;
    return sql`SELECT ${join([star, ...fields], ', ')} FROM ${input.from} AS i LEFT JOIN (${oneRow}) AS l ON i.${ident(on.in)} = l.__segflow_on`;
  },
  evaluate: evaluateLookup,
});
