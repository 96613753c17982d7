import { isFieldRule, isGroup, type Condition } from '../conditions/condition.ts';
import { renameFormulaColumn } from '../formula/rename-column.ts';

type Config = Record<string, unknown>;

export interface RenameStep {
  id: string;
  kind: string;
  config: Config;
}
export interface RenameEdge {
  source: string;
  target: string;
  targetPort?: string;
}

/** Kinds that make a column named by their `as`. */
const MAKES_COLUMN = new Set(['compute', 'aggregate', 'rank', 'split', 'priority']);

/**
 * A column renamed where it is made (a formula's or an aggregate's new column
 * name): the settings of every step below it that read the old name, now
 * reading the new one. Steps are walked downstream until one makes a column
 * of the old name itself (below it, the name is its column). Returns only the
 * steps whose settings changed.
 */
export function renameColumnReaders(steps: readonly RenameStep[], edges: readonly RenameEdge[], fromId: string, from: string, to: string): Map<string, Config> {
  const changed = new Map<string, Config>();
  if (!from || !to || from === to) return changed;
  const byId = new Map(steps.map((s) => [s.id, s]));
  const seen = new Set<string>([fromId]);
  const queue = edges.filter((e) => e.source === fromId);
  while (queue.length) {
    const edge = queue.shift()!;
    const step = byId.get(edge.target);
    if (!step) continue;
    const port = edge.targetPort ?? 'in';
    const config = renameIn(step.kind, step.config, port, from, to);
    if (config !== step.config) changed.set(step.id, config);
    if (seen.has(step.id)) continue;
    seen.add(step.id);
    if (MAKES_COLUMN.has(step.kind) && step.config.as === from) continue;
    queue.push(...edges.filter((e) => e.source === step.id));
  }
  return changed;
}

/** One step's settings reading `from` on `port`, renamed; the same object when it reads nothing of it. */
export function renameIn(kind: string, config: Config, port: string, from: string, to: string): Config {
  const swap = (v: unknown) => (v === from ? to : v);
  switch (kind) {
    case 'filter':
      if (port !== 'in' || !config.condition) return config;
      return changedOr(config, { ...config, condition: renameRules(config.condition as Condition, from, to) });
    case 'compute':
      return typeof config.formula === 'string' ? changedOr(config, { ...config, formula: renameFormulaColumn(config.formula, from, to) }) : config;
    case 'rank':
      return changedOr(config, { ...config, by: swap(config.by), ...(config.partitionBy !== undefined ? { partitionBy: swap(config.partitionBy) } : {}) });
    case 'output':
      return Array.isArray(config.fields) ? changedOr(config, { ...config, fields: config.fields.map(swap) }) : config;
    case 'lookup': {
      const on = config.on;
      const side = port === 'lookup' ? 'lookup' : 'in';
      const fields = port === 'lookup' && Array.isArray(config.fields) ? { fields: config.fields.map(swap) } : {};
      const onRenamed = on && typeof on === 'object' ? { on: { ...(on as Config), [side]: swap((on as Config)[side]) } } : {};
      return changedOr(config, { ...config, ...fields, ...onRenamed });
    }
    default:
      return config;
  }
}

/** Rules on the customers' columns; rules on events read the events' columns, not this one. */
function renameRules(c: Condition, from: string, to: string): Condition {
  if (isGroup(c)) return { ...c, rules: c.rules.map((r) => renameRules(r, from, to)) };
  if (isFieldRule(c) && c.field === from) return { ...c, field: to };
  return c;
}

const changedOr = (before: Config, after: Config) => (JSON.stringify(before) === JSON.stringify(after) ? before : after);
