import type { RunMode } from '@segflow/engine';
import { request, seg } from './http.ts';

/** One mode's figures as the chart draws them. */
export interface ModeMeasurement {
  mode: RunMode;
  /** Time measured on the sample, ms. */
  measuredMs: number;
  /** Projected time on the full data, ms, when the server projects. */
  projectedMs?: number;
  stages?: { id: string; ms: number }[];
}

export interface CompareResult {
  /** Fraction of customers the comparison ran on (0..1). */
  sampleFraction?: number;
  sampleRows?: number;
  fullRows?: number;
  modes: ModeMeasurement[];
}

type RawMode = { mode?: RunMode; ms?: number; measuredMs?: number; projectedMs?: number; projected?: { ms?: number } | number; stages?: { id: string; ms: number }[] };
type RawCompare = { sample?: number | { rows?: number }; sampleRows?: number; fullRows?: number; full?: { rows?: number }; modes?: RawMode[] | Record<string, RawMode>; projection?: Record<string, number | { ms?: number }> };

const msOf = (v: number | { ms?: number } | undefined) => (typeof v === 'number' ? v : v?.ms);

/** The server's answer in whichever of the plausible shapes it comes, as one list of modes. */
export function normaliseCompare(body: RawCompare): CompareResult {
  const entries: [string, RawMode][] = Array.isArray(body.modes)
    ? body.modes.map((m) => [m.mode ?? '', m])
    : Object.entries(body.modes ?? {});
  const modes = entries.map(([mode, m]) => ({
    mode: mode as RunMode,
    measuredMs: m.measuredMs ?? m.ms ?? 0,
    projectedMs: m.projectedMs ?? msOf(m.projected) ?? msOf(body.projection?.[mode]),
    stages: m.stages,
  }));
  const sample = typeof body.sample === 'number' ? { fraction: body.sample } : { rows: body.sample?.rows };
  return { sampleFraction: sample.fraction, sampleRows: body.sampleRows ?? sample.rows, fullRows: body.fullRows ?? body.full?.rows, modes };
}

export const compareModes = async (workflowId: string, partitions?: number) =>
  normaliseCompare(await request<RawCompare>(`/api/workflows/${seg(workflowId)}/compare`, { json: partitions ? { partitions } : {} }));
