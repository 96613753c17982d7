import { RUN_MODES, type RunMode } from '@segflow/engine';
import { modeComparisonSchema, type ModeComparison } from '@segflow/contract';
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
  sampleFraction: number;
  modes: ModeMeasurement[];
}

/** The server's per-mode record and projection as one list of modes, in the engine's order, for the chart. */
export function modeMeasurements(body: ModeComparison): CompareResult {
  const modes = RUN_MODES.filter((mode) => body.modes[mode]).map((mode) => ({
    mode,
    measuredMs: body.modes[mode].ms,
    projectedMs: body.projection[mode],
    stages: body.modes[mode].stages,
  }));
  return { sampleFraction: body.sample, modes };
}

export const compareModes = async (workflowId: string, partitions?: number) =>
  modeMeasurements(await request(`/api/workflows/${seg(workflowId)}/compare`, modeComparisonSchema, { json: partitions ? { partitions } : {} }));
