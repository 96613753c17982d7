import type { RunMode } from '../model/document.ts';

export interface RunSettings {
  mode: RunMode;
  partitions: number;
  asOf: string;
}

/**
 * THE order in which a run's settings are decided, for the CLI, the API and the
 * scheduler alike: what the caller asked for, else the document's `run` defaults,
 * else the machine's (hybrid, one partition per core, today). A sequential run has
 * one partition whatever was asked: it reads the data whole.
 */
export function resolveRunSettings(
  requested: { mode?: RunMode | null; partitions?: number | null; asOf?: string | null },
  documentDefaults: { mode?: RunMode; partitions?: number; asOf?: string } | undefined,
  fallback: { cores: number; asOf: () => string },
): RunSettings {
  const mode = requested.mode ?? documentDefaults?.mode ?? 'hybrid';
  const partitions = mode === 'sequential' ? 1 : (requested.partitions ?? documentDefaults?.partitions ?? fallback.cores);
  return { mode, partitions, asOf: requested.asOf ?? documentDefaults?.asOf ?? fallback.asOf() };
}
