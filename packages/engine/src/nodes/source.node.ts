import { evaluateSource } from '../evaluate/row-kinds.ts';
import { z } from 'zod';
import { error, type Problem } from '../model/problem.ts';
import { raw, sql } from '../sql/sql.ts';
import { defineNode } from './define-node.ts';
import { duckdbDialect } from '../sql/dialects/index.ts';
import { ingestionFields, ingestionSummary, inferReadColumns, missingKey, qualitySql, readConfigShape, readSelectList, warehouseReadShape } from './ingestion.ts';

const dedupe = z.strictObject({ keep: z.enum(['first', 'last']), orderBy: z.string().min(1).max(256).optional() }).optional();
const sourceConfig = z.discriminatedUnion('format', [
  z.strictObject({ ...readConfigShape, dedupe }),
  z.strictObject({ ...warehouseReadShape, dedupe }),
]);

export const sourceNode = defineNode({
  kind: 'source',
  role: 'ingestion',
  label: 'Profiles',
  help: 'Customer profiles from a file or a warehouse table: one row per customer.',
  icon: 'users',
  scope: 'source',
  fields: ingestionFields,
  summary: ingestionSummary,
  inputs: {},
  output: 'population',
  config: sourceConfig,
  defaultConfig: () => ({ format: 'csv', path: '', key: 'customer_id' }),
  infer(ctx) {
    const { columns, problems } = inferReadColumns(ctx);
    const orderBy = ctx.config.dedupe?.orderBy;
    const extra: Problem[] = [];
    if (columns && orderBy && !columns.some((c) => c.name === orderBy))
      extra.push(error('unknown_field', `Dedupe orders by "${orderBy}", which is not in the ${'table' in ctx.config ? 'table' : 'file'}.`, { nodeId: ctx.nodeId, field: orderBy }));
    const all = [...problems, ...extra];
    if (!columns || all.some((p) => p.severity === 'error')) return { problems: all };
    return { schema: { kind: 'population', key: ctx.config.key, columns }, problems: all };
  },
  compile(ctx) {
    const { key, dedupe } = ctx.config;
    // Duplicate keys: keep one row per key. Without settings the first in the file wins.
    return (ctx.dialect ?? duckdbDialect).onePerKey({
      list: readSelectList(ctx), from: ctx.raw!, where: sql`NOT ${missingKey(ctx)}`, key,
      rowOrder: ctx.rawOrder ?? raw('rowid'), keep: dedupe?.keep ?? 'first', by: dedupe?.orderBy,
    });
  },
  quality: qualitySql,
  read: (config) => config,
  readsFileOrder: true,
  evaluate: evaluateSource,
});
