import type { Schema } from '../model/column.ts';
import type { AddressAllowList } from '../destinations/destination-schema.ts';
import type { InferResult, NodeDefinition } from '../nodes/define-node.ts';
import { plainConfig } from './plain-configs.ts';

type Definition = NodeDefinition<Record<string, unknown>>;
type ParsedConfig = ReturnType<Definition['config']['safeParse']>;

/** What an infer was given, to tell whether the same call would give the same result. */
export interface InferCall {
  nodeId: string;
  inputs: Record<string, Schema[]>;
  source: unknown;
  addressAllowList: AddressAllowList | undefined;
}

/** What validation worked out for one config object: its parsed settings, and the node's last infer. */
interface Remembered {
  definition: Definition;
  parsed: ParsedConfig;
  inferred?: { call: InferCall; result: InferResult };
}

/**
 * What the last analysis worked out, by config object. The editor keeps the
 * objects of the nodes it did not change, so the next analysis parses and
 * infers only the edited node and what lies below it. Only the last analysis
 * is kept: a request body is a new object every time and never hits, and a
 * weak map of every config ever seen cost the server more in garbage
 * collection than the parsing it saved.
 */
let previous = new Map<object, Remembered>();

/** A node's config parsed by its kind's schema: read by hand when it can be, by zod otherwise. */
export function readConfig(definition: Definition, config: object): ParsedConfig {
  return (plainConfig(definition, config) as ParsedConfig | undefined) ?? definition.config.safeParse(config);
}

export type Memory = ReturnType<typeof startRemembering>;

/** One analysis's memory; analyses run synchronously, so one never sees another half done. */
export function startRemembering() {
  const before = previous;
  const now = new Map<object, Remembered>();
  previous = now;
  const find = (config: object, definition: Definition) => {
    let known = now.get(config);
    if (!known) {
      known = before.get(config);
      if (known) now.set(config, known);
    }
    return known?.definition === definition ? known : undefined;
  };
  return {
    /** The config parsed by the node kind's schema (read by hand when it can be), once per config object. */
    parse(definition: Definition, config: object): ParsedConfig {
      const known = find(config, definition);
      if (known) return known.parsed;
      const parsed = readConfig(definition, config);
      now.set(config, { definition, parsed });
      return parsed;
    },
    /**
     * The node's infer, again only when what it is given changed. Schemas are
     * never changed once made, so the same schema objects flow on from nodes
     * that were not inferred again.
     */
    infer(definition: Definition, rawConfig: object, call: InferCall, run: () => InferResult): InferResult {
      const known = find(rawConfig, definition);
      const last = known?.inferred?.call;
      if (known && last && sameCall(last, call)) return known.inferred!.result;
      const result = run();
      if (known) known.inferred = { call, result };
      return result;
    },
  };
}

function sameCall(a: InferCall, b: InferCall): boolean {
  if (a.nodeId !== b.nodeId || a.source !== b.source || a.addressAllowList !== b.addressAllowList) return false;
  for (const port in b.inputs) {
    const x = a.inputs[port];
    const y = b.inputs[port];
    if (x?.length !== y.length || y.some((schema, i) => x[i] !== schema)) return false;
  }
  return true;
}
